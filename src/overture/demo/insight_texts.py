"""Plain-English pieces of the demo's open survey answers, each with what it is about.

Each fragment names its themes (the four variables, value dimensions and everyday practical
themes such as price, seats or queues), who tends to write
it (level segments: "new" = newcomer or novice, "regular", "expert"; empty for anyone) and
at which kinds of activity (format groups; empty for any). Answers combine one to three
fragments, so a coder has varied, realistic text to learn from.
"""

from __future__ import annotations

from dataclasses import dataclass

from overture.season.models import Format

CONFLICT = "variable:heterogeneity-conflict"
RIGIDITY = "variable:role-rigidity"
ACCESS = "variable:participation-access"
SIGNPOSTING = "variable:signposting"
PRICE = "theme:price"
SEATS = "theme:seating-and-view"
QUEUES = "theme:bar-and-queues"
TRAVEL = "theme:transport-and-parking"
TOILETS = "theme:toilets"
STAFF = "theme:staff-friendliness"
SOUND = "theme:sound"

# Kinds of activity whose answers sound alike.
FORMAT_GROUPS: dict[str, str] = {
    Format.SYMPHONY_CONCERT: "concert",
    Format.CHAMBER_CONCERT: "concert",
    Format.PRE_CONCERT_TALK: "talk",
    Format.LIVESTREAM: "online",
    Format.FAMILY_CONCERT: "relaxed",
    Format.RELAXED_PERFORMANCE: "relaxed",
    Format.OPEN_REHEARSAL: "rehearsal",
    Format.COME_AND_SING: "hands-on",
    Format.PLAY_ALONG: "hands-on",
    Format.COMPOSITION_LAB: "hands-on",
}


@dataclass(frozen=True)
class Fragment:
    text: str
    themes: tuple[str, ...]
    segments: tuple[str, ...] = ()
    groups: tuple[str, ...] = ()


def _f(text: str, themes: str, segments: str = "", groups: str = "") -> Fragment:
    """A fragment from space-separated themes ("value:" is implied for bare names)."""
    return Fragment(
        text,
        tuple(t if ":" in t else f"value:{t}" for t in themes.split()),
        tuple(segments.split()),
        tuple(groups.split()),
    )


WORTHWHILE: tuple[Fragment, ...] = (
    _f("The slow movement was so beautiful I forgot where I was.", "absorption"),
    _f("I lost track of time completely.", "absorption"),
    _f("The last movement had me in tears.", "emotional-response"),
    _f("It was moving in a way I did not expect.", "emotional-response", "new"),
    _f("The strings sounded glorious from where we sat.", "aesthetic-enjoyment", "", "concert"),
    _f(
        "A superb performance, the balance between the sections was spot on.",
        "aesthetic-enjoyment",
        "expert regular",
        "concert",
    ),
    _f(
        "The pre-concert talk made the second half make sense.",
        "understanding " + SIGNPOSTING,
        "new regular",
        "concert talk",
    ),
    _f(
        "Hearing the conductor explain the themes before they played them helped a lot.",
        "understanding",
        "new",
        "talk rehearsal",
    ),
    _f("I heard a piece I had never come across and loved it.", "discovery"),
    _f("A new work that I will go and listen to again.", "discovery", "expert regular"),
    _f(
        "The host in the first-timers' circle made me feel at home.",
        "feeling-welcome " + ACCESS,
        "new",
        "concert",
    ),
    _f("Staff at the door were friendly and smiled.", "feeling-welcome"),
    _f(
        "My buddy explained what the conductor was doing.",
        "knowing-what-to-do understanding " + ACCESS,
        "new",
        "concert rehearsal",
    ),
    _f(
        "The email beforehand told me exactly when to arrive and where to sit.",
        "knowing-what-to-do " + SIGNPOSTING,
        "new",
    ),
    _f(
        "The little card on the seat said when to clap, which took the worry away.",
        "knowing-what-to-do " + SIGNPOSTING,
        "new",
        "concert",
    ),
    _f("I felt like I belonged there for once.", "belonging", "new"),
    _f("It felt like our hall, full of people like us.", "belonging", "", "relaxed hands-on"),
    _f(
        "Being able to sing along with the whole hall was wonderful.",
        "connection-with-others",
        "",
        "relaxed hands-on",
    ),
    _f("Chatting to strangers in the interval was a highlight.", "connection-with-others"),
    _f(
        "Our section pulled together by the end of the afternoon.",
        "connection-with-others contribution",
        "",
        "hands-on",
    ),
    _f("Knowing my voice was part of the sound felt amazing.", "contribution", "", "hands-on"),
    _f(
        "Our little tune actually got played by the orchestra.",
        "contribution discovery",
        "",
        "hands-on",
    ),
    _f("I managed to keep up with the score most of the time.", "competence", "new", "hands-on"),
    _f(
        "I finally got the hang of the tricky entry in the last chorus.",
        "competence",
        "regular expert",
        "hands-on",
    ),
    _f("I could follow the music better than last time.", "competence understanding", "regular"),
    _f("A couple of hours away from everything else.", "relaxation"),
    _f("It was so calming after a busy week.", "relaxation"),
    _f(
        "The children could move about and nobody minded.",
        "relaxation feeling-welcome",
        "",
        "relaxed",
    ),
    _f(
        "My little one danced through the whole thing and people smiled at her.",
        "feeling-welcome belonging",
        "",
        "relaxed",
    ),
    _f("I have already booked my next concert.", "inspiration-to-come-back"),
    _f("I want to come back and bring my friends.", "inspiration-to-come-back", "new"),
    _f(
        "Watching the musicians stop and try a passage again was fascinating.",
        "understanding discovery",
        "",
        "rehearsal",
    ),
    _f(
        "Seeing how the orchestra works on a piece made it feel less distant.",
        "understanding belonging",
        "new",
        "rehearsal",
    ),
    _f(
        "Reacting in the chat with other listeners felt like being there together.",
        "connection-with-others",
        "",
        "online",
    ),
    _f(
        "I could watch from my sofa without worrying about what to wear.",
        "relaxation feeling-welcome",
        "new",
        "online",
    ),
    _f(
        "The speaker was funny and never talked down to us.",
        "understanding feeling-welcome",
        "",
        "talk",
    ),
    _f(
        "Questions from the floor were taken seriously, even the simple ones.",
        "feeling-welcome understanding",
        "new",
        "talk",
    ),
    _f(
        "The silence before the final chord was electric.",
        "absorption aesthetic-enjoyment",
        "regular expert",
        "concert",
    ),
    _f(
        "A properly attentive audience, you could hear a pin drop.",
        "absorption",
        "expert",
        "concert",
    ),
    _f(
        "The cushions at the front put us right next to the players.",
        "absorption connection-with-others",
        "",
        "concert",
    ),
    _f(
        "Everyone was told from the start that clapping and moving were fine.",
        "feeling-welcome knowing-what-to-do " + SIGNPOSTING,
        "new",
        "relaxed",
    ),
    _f(
        "The warm-up got the whole room laughing before we sang a note.",
        "feeling-welcome connection-with-others",
        "",
        "hands-on",
    ),
    _f(
        "The conductor was patient with those of us who cannot read music.",
        "feeling-welcome " + ACCESS,
        "new",
        "hands-on",
    ),
    _f(
        "A lovely way to spend a Sunday morning with the family.",
        "relaxation connection-with-others",
        "",
        "relaxed",
    ),
    _f("I came alone but left having made a friend.", "connection-with-others belonging"),
    # Everyday practicalities
    _f("The front of house staff were friendly and helpful.", STAFF + " feeling-welcome"),
    _f("Cheap tickets for under-30s made it easy to say yes.", PRICE, "new"),
    _f("Great seats with a perfect view of the orchestra.", SEATS, "", "concert"),
    _f("The acoustic in the hall is wonderful.", SOUND + " aesthetic-enjoyment", "", "concert"),
    _f("Easy parking right next to the hall.", TRAVEL),
    _f("Interval drinks were ready when we came out, with no queue.", QUEUES, "", "concert"),
)

IN_THE_WAY: tuple[Fragment, ...] = (
    _f(
        "The woman next to me tutted every time I moved.",
        CONFLICT + " feeling-welcome",
        "new",
        "concert",
    ),
    _f(
        "I didn't know when to clap and felt everyone was watching.",
        RIGIDITY + " knowing-what-to-do feeling-welcome",
        "new",
        "concert",
    ),
    _f(
        "I clapped between movements and got a dirty look.",
        CONFLICT + " " + RIGIDITY + " feeling-welcome",
        "new",
        "concert",
    ),
    _f(
        "Someone shushed my daughter for whispering a question.",
        CONFLICT + " feeling-welcome",
        "new",
        "concert",
    ),
    _f(
        "It felt like everyone else knew the unwritten rules.",
        RIGIDITY + " belonging knowing-what-to-do",
        "new",
        "concert",
    ),
    _f(
        "I was scared to cough for the whole of the first half.",
        RIGIDITY + " relaxation",
        "new",
        "concert",
    ),
    _f(
        "Nobody told us where to go for the talk, we wandered for ages.",
        SIGNPOSTING + " knowing-what-to-do",
        "new",
        "talk concert",
    ),
    _f(
        "The website said it was for beginners but it clearly was not.",
        SIGNPOSTING + " competence",
        "new",
        "hands-on",
    ),
    _f(
        "I couldn't tell from the listing whether it was right for me.",
        SIGNPOSTING + " knowing-what-to-do",
        "new",
    ),
    _f(
        "The signs in the foyer pointed two ways at once.",
        SIGNPOSTING + " knowing-what-to-do",
        "",
        "concert talk rehearsal",
    ),
    _f(
        "I asked for a buddy but nobody was free that night.",
        ACCESS + " feeling-welcome",
        "new",
        "concert rehearsal",
    ),
    _f(
        "There was no one to ask what was going on in the interval.",
        ACCESS + " knowing-what-to-do",
        "new",
        "concert",
    ),
    _f(
        "The score moved too fast and there was nobody to help me find my place.",
        ACCESS + " competence",
        "new",
        "hands-on",
    ),
    _f(
        "I felt out of my depth next to people who had sung it for years.",
        RIGIDITY + " competence belonging",
        "new",
        "hands-on",
    ),
    _f(
        "The part was too hard to sight-read without a practice first.",
        RIGIDITY + " competence",
        "new regular",
        "hands-on",
    ),
    _f(
        "People chatting through the quiet passages spoiled it.",
        CONFLICT + " absorption",
        "expert regular",
        "concert relaxed",
    ),
    _f(
        "Phones lighting up in the row in front.",
        CONFLICT + " absorption",
        "expert regular",
        "concert",
    ),
    _f(
        "Applause between movements broke the spell.",
        CONFLICT + " absorption aesthetic-enjoyment",
        "expert",
        "concert",
    ),
    _f(
        "A group behind us kept whispering all through the slow movement.",
        CONFLICT + " absorption",
        "expert regular",
        "concert",
    ),
    _f(
        "Hard to hear from the back of the relaxed area.",
        ACCESS + " aesthetic-enjoyment",
        "",
        "relaxed",
    ),
    _f(
        "It was noisier than I expected, hard to concentrate on the music.",
        CONFLICT + " absorption",
        "expert regular",
        "relaxed",
    ),
    _f("The children near us were running up and down the aisle.", CONFLICT, "", "relaxed"),
    _f("The seats were cramped and I was uncomfortable.", "relaxation"),
    _f("Queues at the bar meant we missed the start of the second half.", "relaxation"),
    _f("Tickets felt expensive for what we got.", ACCESS + " inspiration-to-come-back"),
    _f("Getting home late on the bus was a worry.", ACCESS + " relaxation"),
    _f("The stream kept buffering in the loud bits.", ACCESS + " absorption", "", "online"),
    _f(
        "The chat was full of people showing off what they knew.",
        CONFLICT + " feeling-welcome",
        "new",
        "online",
    ),
    _f(
        "I could not find the link until ten minutes in.",
        SIGNPOSTING + " knowing-what-to-do",
        "",
        "online",
    ),
    _f(
        "The speaker used a lot of jargon I didn't understand.",
        "understanding feeling-welcome",
        "new",
        "talk",
    ),
    _f(
        "The talk only skimmed the surface, I hoped for more depth.",
        "understanding discovery",
        "expert",
        "talk",
    ),
    _f(
        "We were told off for walking in between sections.",
        CONFLICT + " " + RIGIDITY + " feeling-welcome",
        "new",
        "rehearsal",
    ),
    _f(
        "It wasn't clear when we were allowed to move or leave.",
        RIGIDITY + " " + SIGNPOSTING + " knowing-what-to-do",
        "new",
        "rehearsal concert",
    ),
    _f(
        "The dress code was not stated and I felt underdressed.",
        SIGNPOSTING + " belonging",
        "new",
        "concert",
    ),
    _f(
        "Everyone around me seemed to know each other already.",
        "belonging connection-with-others",
        "new",
    ),
    _f(
        "The step-free entrance was locked and we had to find a steward.",
        ACCESS + " feeling-welcome",
    ),
    _f(
        "The group was uneven, some had never played and others were professionals.",
        CONFLICT + " competence",
        "",
        "hands-on",
    ),
    _f(
        "I would have liked a chance to contribute more of my own ideas.",
        "contribution",
        "regular expert",
        "hands-on",
    ),
    _f("The programme was too long without a break.", "relaxation"),
    _f("Nothing really, it was a lovely evening.", "inspiration-to-come-back"),
    _f(
        "The usher was short with me when I asked where my seat was.",
        "feeling-welcome " + SIGNPOSTING,
        "new",
        "concert",
    ),
    _f(
        "I was too anxious about getting it wrong to enjoy the first half.",
        RIGIDITY + " relaxation feeling-welcome",
        "new",
        "concert",
    ),
    _f(
        "The relaxed area was tucked away at the side with a poor view.",
        ACCESS + " belonging",
        "",
        "concert relaxed",
    ),
    _f("Parking was a nightmare.", "relaxation"),
    # Everyday practicalities
    _f("The tickets were more expensive than I expected.", PRICE),
    _f("The booking fee on top of the ticket price felt cheeky.", PRICE),
    _f("Our seats were behind a pillar and we could not see the conductor.", SEATS, "", "concert"),
    _f("Not much legroom up in the balcony.", SEATS, "", "concert"),
    _f("The queue for the bar at the interval was far too long.", QUEUES, "", "concert"),
    _f("We waited ages at the cloakroom afterwards.", QUEUES),
    _f("Parking near the hall was impossible.", TRAVEL),
    _f("It finished too late for the last train home.", TRAVEL),
    _f("Not enough toilets at the interval.", TOILETS),
    _f("It was hard to hear the speakers from the back.", SOUND, "", "talk"),
    _f("The stream kept cutting out and the sound was patchy.", SOUND, "", "online"),
    _f("One of the ushers was rather rude when we asked for help.", STAFF + " feeling-welcome"),
)
