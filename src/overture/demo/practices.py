"""The demo orchestra's practices, with their scores written for newcomers.

Each practice also carries how it relates to the others (its loadings on a few shared
tastes, such as concert-going or choral singing), so that generated competences are
correlated the way real ones are: a seasoned choir singer usually reads a vocal score too.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

# Shared tastes behind the practices; "general" is overall musical experience.
FACTORS = ("general", "concert", "choral", "instrumental", "online", "family", "creative")


@dataclass(frozen=True)
class PracticeText:
    slug: str
    name: str
    summary: str
    procedures: str
    understandings: str
    engagements: str
    assessment_question: str
    # The question's own answers for a newcomer, novice, regular and expert (levels 0–3).
    answers: tuple[str, str, str, str]
    # Place in the self-assessment: the experiences most people have had come first.
    assessment_order: int
    default_strictness: float
    loadings: dict[str, float]
    # Positive: more people already know it than the overall spread (applause); negative: fewer.
    ease: float = 0.0


PRACTICES: tuple[PracticeText, ...] = (
    PracticeText(
        slug="listening-in-silence",
        name="Listening in silence",
        summary="Keeping still and quiet while the music plays, so everyone can hear "
        "the softest notes.",
        procedures="Switch your phone off (not just to silent) before the music starts and "
        "settle in before the conductor walks on. Once the music begins, stay quiet and still: "
        "save coughs for the gaps between pieces, unwrap sweets beforehand, and wait for a "
        "pause if you need to leave.",
        understandings="Orchestral music uses silence as part of the music: a hushed passage "
        "or a long pause is written on purpose. The hall carries every small sound, so a "
        "rustle in row F is heard by hundreds of people.",
        engagements="Shared silence lets a whole room hear the quietest moments together. "
        "Many people come for that feeling of concentration, and helping to keep it is a way "
        "of looking after each other.",
        assessment_question="Have you been to a symphony concert before?",
        answers=(
            "No, never",
            "Once or twice",
            "Yes, a few times a year",
            "Yes, I go often",
        ),
        assessment_order=20,
        default_strictness=0.9,
        loadings={"concert": 1.0},
        ease=0.1,
    ),
    PracticeText(
        slug="applauding",
        name="Applauding at the right moment",
        summary="Knowing when to clap: usually at the end of a whole piece, not between "
        "its movements.",
        procedures="Clap when the leader of the orchestra and the conductor walk on, and when "
        "a soloist appears. During a piece with several movements, wait until the very end: "
        "a good sign is when the conductor lowers their arms and turns round. If you are "
        "unsure, wait for others to start.",
        understandings="A symphony or concerto is one work in several parts, with short "
        "pauses between them, and the pauses belong to the piece. The programme lists the "
        "movements, so you can count along.",
        engagements="Holding the applause keeps the thread of a work intact for players and "
        "listeners. When it comes, applause is how the audience thanks the musicians, and a "
        "long ovation is a real conversation with the stage.",
        assessment_question="Do you know when to clap at a classical concert?",
        answers=(
            "Not really",
            "I follow what others do",
            "Yes, usually",
            "Yes, I could explain it to someone",
        ),
        assessment_order=30,
        default_strictness=0.7,
        loadings={"concert": 0.9},
        ease=0.2,
    ),
    PracticeText(
        slug="programme-note",
        name="Following a programme note",
        summary="Using the programme to know what you are hearing and what to listen out for.",
        procedures="Pick up a printed programme, or open it on your phone before the lights "
        "go down. Read the short note on each piece before it starts: who wrote it, when, and "
        "what happens in each movement. Check the running order and the interval time.",
        understandings="Notes point to moments worth listening for: a tune that comes back, "
        "a change of mood, a story behind the music. They are a guide, not a test; your own "
        "impression counts just as much.",
        engagements="Knowing a little about a piece helps you find your way into it, and "
        "makes it easier to talk about afterwards.",
        assessment_question="Do you usually read the programme notes before a concert?",
        answers=(
            "Not so far",
            "Sometimes, if I have time",
            "Yes, usually",
            "Yes, and I read up on the pieces beforehand",
        ),
        assessment_order=40,
        default_strictness=0.2,
        loadings={"concert": 0.7, "creative": 0.3},
    ),
    PracticeText(
        slug="finding-your-way",
        name="Finding your way around the concert hall",
        summary="Knowing how an evening at the hall works: tickets, doors, seats and the interval.",
        procedures="Arrive half an hour early, collect your tickets at the box office and "
        "leave big coats in the cloakroom. Row letters and seat numbers are on the end of "
        "each row; ask a steward if you are lost. Bells ring five minutes before the start "
        "and before the end of the interval. Latecomers wait for a suitable break.",
        understandings="There is no dress code: people come in jeans and in suits. The "
        "interval is usually twenty minutes, long enough for a drink, which you can order "
        "before the concert and collect at the bar.",
        engagements="Feeling at home in the building frees you to enjoy the music instead of "
        "worrying about what to do next.",
        assessment_question="Have you been to a concert at Northbank Hall before?",
        answers=(
            "No, not yet",
            "Once or twice",
            "Yes, I come now and then",
            "Yes, I know the hall inside out",
        ),
        assessment_order=10,
        default_strictness=0.3,
        loadings={"concert": 0.8, "family": 0.2},
        ease=0.4,
    ),
    PracticeText(
        slug="singing-in-a-choir",
        name="Singing in a choir",
        summary="Singing your part together with others, in tune and in time.",
        procedures="Warm up with the group, find your voice part (soprano, alto, tenor or "
        "bass) and sit or stand with your section. Listen to the people around you as much as "
        "to yourself, breathe where the phrase ends, and follow the leader's signals to start "
        "and stop.",
        understandings="A choir sounds good when voices blend; nobody needs to be a soloist. "
        "Mistakes happen all the time in rehearsal, and they are how everyone learns a piece.",
        engagements="Singing together is one of the oldest ways people make music, and it "
        "feels good: you hear a big sound and you are part of it.",
        assessment_question="Have you ever sung in a choir?",
        answers=(
            "No, never",
            "Once or twice, or at school",
            "Yes, I sing in one now and then",
            "Yes, regularly: I could lead a section",
        ),
        assessment_order=100,
        default_strictness=0.5,
        loadings={"choral": 1.0},
        ease=-0.1,
    ),
    PracticeText(
        slug="reading-a-vocal-score",
        name="Reading a vocal score",
        summary="Finding your line in the printed music that singers use.",
        procedures="Find your part: each voice has its own line, marked S, A, T or B, with "
        "the words underneath. Follow the bar numbers and rehearsal letters the leader calls "
        "out, and keep your place by following the words, even if you do not read the notes.",
        understandings="Notes higher on the page sound higher; longer notes are held longer. "
        "Markings such as p (soft) and f (loud) tell you how to sing, not just what to sing.",
        engagements="Following the score lets you join a rehearsal quickly and learn new "
        "pieces without having to memorise everything by ear.",
        assessment_question="Can you follow your part in printed music when you sing?",
        answers=(
            "No, I learn by ear",
            "I follow the words, not the notes",
            "Yes, I can follow my part",
            "Yes, I read new music at sight",
        ),
        assessment_order=130,
        default_strictness=0.4,
        loadings={"choral": 1.0, "instrumental": 0.25},
        ease=-0.2,
    ),
    PracticeText(
        slug="playing-along",
        name="Playing along on an instrument",
        summary="Bringing your own instrument and playing alongside the orchestra's musicians.",
        procedures="Bring your instrument, a music stand if you have one, and a pencil. Tune "
        "to the note the leader gives. Play the part you are sent (simplified parts are "
        "available), count your rests, and come back in where the group is if you get lost.",
        understandings="In a play-along the orchestra's players sit among you and carry the "
        "music, so you do not need to play every note. Marking your part in pencil is normal "
        "and helpful.",
        engagements="Sitting inside the orchestra's sound is a completely different way of "
        "hearing music, and many players rediscover an instrument they put away years ago.",
        assessment_question="Do you play an instrument, and would you bring it along?",
        answers=(
            "I don’t play (yet)",
            "A little, or I used to",
            "Yes, I play regularly",
            "Yes, to a high standard",
        ),
        assessment_order=120,
        default_strictness=0.5,
        loadings={"instrumental": 1.0},
        ease=-0.4,
    ),
    PracticeText(
        slug="following-a-conductor",
        name="Following a conductor",
        summary="Watching the conductor's hands for the beat, the speed and when to come in.",
        procedures="Look up from your music often. The beat falls at the bottom of the "
        "conductor's gesture, and the first beat of each bar is a clear downward move. Watch "
        "for a nod or a look just before your entry, and stop when the hands close.",
        understandings="A conductor shapes the music: big movements ask for louder playing or "
        "singing, small ones for softer. A raised hand before the start means “get ready”.",
        engagements="Following one leader lets dozens or hundreds of people breathe and move "
        "together, which is what makes a large group sound like one.",
        assessment_question="Have you sung or played with a conductor before?",
        answers=(
            "No, never",
            "Once or twice",
            "Yes, I can follow the beat",
            "Yes, I follow every gesture and entry",
        ),
        assessment_order=110,
        default_strictness=0.6,
        loadings={"choral": 0.6, "instrumental": 0.6},
        ease=-0.2,
    ),
    PracticeText(
        slug="discussing-a-piece",
        name="Discussing a piece",
        summary="Sharing what you heard and felt, and listening to how others heard it.",
        procedures="Join the chat after the concert, a talk or a listening group. Say what "
        "struck you, even if it is only “I loved the bit with the horns”. Ask questions, and "
        "let others finish before you reply.",
        understandings="There is no right answer to what a piece means. Experienced listeners "
        "and newcomers notice different things, and both are worth hearing.",
        engagements="Talking about music helps you remember it, and other people's views open "
        "up things you missed.",
        assessment_question="Do you enjoy talking about music after a concert?",
        answers=(
            "I haven’t tried it",
            "Now and then, with friends",
            "Yes, I often join in",
            "Yes, I lead talks or listening groups",
        ),
        assessment_order=50,
        default_strictness=0.2,
        loadings={"concert": 0.5, "creative": 0.4, "online": 0.2},
        ease=0.1,
    ),
    PracticeText(
        slug="livestream-chat",
        name="Chatting during a livestream",
        summary="Taking part in the live chat while watching a concert online, without "
        "spoiling it for others.",
        procedures="Join a few minutes early to check sound and picture. Use the chat to say "
        "hello, share where you are watching from and react to the music. Keep longer "
        "comments for the breaks, and choose the quiet stream if you would rather just listen.",
        understandings="The chat runs alongside the music, so people read it while they "
        "listen. Moderators keep it friendly, and the presenter may answer questions in the "
        "interval.",
        engagements="A shared chat turns watching alone at home into being part of an "
        "audience, whether you are across town or across the world.",
        assessment_question="Have you watched a concert online and joined the chat?",
        answers=(
            "No, not yet",
            "Once or twice",
            "Yes, I often join the chat",
            "Yes, and I help others find their way in it",
        ),
        assessment_order=60,
        default_strictness=0.3,
        loadings={"online": 1.0},
    ),
    PracticeText(
        slug="relaxed-performance",
        name="Moving and making noise in a relaxed performance",
        summary="Feeling free to move, talk, and come and go during a performance made for it.",
        procedures="Sit, stand, move or lie down wherever feels comfortable. Make noise if you "
        "need to, use ear defenders or fidget toys, and step out to the chill-out room "
        "whenever you like; you can come back in at any time.",
        understandings="Relaxed performances keep the lights partly up and avoid sudden loud "
        "sounds. Nobody will ask you to be quiet: different ways of enjoying music are "
        "expected.",
        engagements="These performances welcome people who find traditional concerts hard, "
        "including autistic people, people living with dementia and very young children, so "
        "everyone can share live music.",
        assessment_question="Have you been to a relaxed performance before?",
        answers=(
            "No, not yet",
            "Once or twice",
            "Yes, a few times",
            "Yes, often",
        ),
        assessment_order=80,
        default_strictness=0.1,
        loadings={"family": 0.8},
        ease=-0.1,
    ),
    PracticeText(
        slug="bringing-children",
        name="Bringing children to a concert",
        summary="Preparing children for a concert and helping them enjoy it.",
        procedures="Choose a family or relaxed concert and check its age guidance. Tell the "
        "children what will happen (the tuning, the conductor, the clapping), bring a snack "
        "for the interval and sit near an aisle so you can step out if you need to.",
        understandings="Family concerts are short, with a presenter who explains things and "
        "invites children to join in. Wriggling and questions are part of it.",
        engagements="Early, happy experiences of live music often start a lifelong love of "
        "it, for the grown-ups as well as the children.",
        assessment_question="Have you taken children to a concert before?",
        answers=(
            "No, not yet",
            "Once or twice",
            "Yes, a few times",
            "Yes, often: I know what works for them",
        ),
        assessment_order=70,
        default_strictness=0.2,
        loadings={"family": 1.0},
        ease=-0.2,
    ),
    PracticeText(
        slug="improvising-and-composing",
        name="Improvising and composing",
        summary="Making up music of your own, alone or with others.",
        procedures="Start from a small idea: a rhythm, a few notes, a sound you like. Try it "
        "out, repeat it, change one thing at a time. In a group, take turns, listen for gaps "
        "to fill, and record your ideas on a phone so you do not lose them.",
        understandings="Every composer starts with small ideas and shapes them. There are no "
        "wrong notes in a first try, only choices you can keep or change.",
        engagements="Making your own music changes how you hear everyone else's, and your "
        "piece might be played by the orchestra's musicians.",
        assessment_question="Have you ever made up a tune or a piece of music?",
        answers=(
            "No, never",
            "Once or twice, just for fun",
            "Yes, I make up music now and then",
            "Yes, I compose or improvise often",
        ),
        assessment_order=140,
        default_strictness=0.3,
        loadings={"creative": 1.0, "instrumental": 0.4},
        ease=-0.4,
    ),
    PracticeText(
        slug="watching-a-rehearsal",
        name="Watching a rehearsal",
        summary="Sitting in while the orchestra works on a piece, stopping and starting.",
        procedures="Arrive on time and sit where the staff show you. Stay quiet while the "
        "orchestra plays and while the conductor talks to the players. Expect the music to "
        "stop often; it is fine to slip out between sections.",
        understandings="In a rehearsal the orchestra repeats short passages, tries different "
        "speeds and sorts out details. It is work in progress, not a performance, so nobody "
        "claps until the end.",
        engagements="Seeing how a performance is built lets you hear it differently on the "
        "night, and shows the people and the craft behind the music.",
        assessment_question="Have you ever watched an orchestra rehearse?",
        answers=(
            "No, never",
            "Once or twice",
            "Yes, a few times",
            "Yes, often: I know how rehearsals run",
        ),
        assessment_order=90,
        default_strictness=0.6,
        loadings={"concert": 0.6, "instrumental": 0.3, "choral": 0.2},
        ease=-0.3,
    ),
)

# How much of each practice comes from general musical experience, and how much is personal.
GENERAL_LOADING = 0.35
SHARED_VARIANCE = 0.8


def loading_matrix() -> np.ndarray:
    """Practices × factors loadings, each row scaled so its shared variance is the same."""
    matrix = np.zeros((len(PRACTICES), len(FACTORS)))
    for row, practice in enumerate(PRACTICES):
        matrix[row, 0] = GENERAL_LOADING
        for factor, weight in practice.loadings.items():
            matrix[row, FACTORS.index(factor)] = weight
        matrix[row] *= np.sqrt(SHARED_VARIANCE) / np.linalg.norm(matrix[row])
    return matrix


def practice_index(slug: str) -> int:
    for index, practice in enumerate(PRACTICES):
        if practice.slug == slug:
            return index
    raise KeyError(slug)
