"""Time and score the text coder against a plain seed-word matcher.

    python benchmarks/text_coding.py --answers 100000 --reviewed 2000

Generates survey answers to "What made it worthwhile?" / "What got in the way?" from
templates: an opener that depends on the person's segment (first-timer, novice, regular,
expert, parent, student), one to three clauses drawn from a bank of 75 (friction with
other audience members, not knowing the rules, a buddy who helped, what the website said,
tears, friends, ...) with their slots filled in, and sometimes a closing remark. Each clause
carries the codes a member of staff would give it; some clauses contain seed words that
mislead ("we were talking about it all the way home" is connection, not conflict; "we moved
seats" is not an emotional response) and many carry their meaning in words no seed has
("the man behind us sighed every time", "the hour flew by"). 3 % of staff codes are dropped
at random, as reviewers miss some. Everything is drawn from `--seed`.

It then prints: the time to bootstrap from seed words (and the unreviewed answers) and to fit
on `--reviewed` reviewed answers; the throughput of `predict` on all answers with one and
with two processes; the peak resident memory and the saved model's size; and, on
`--held-out` further reviewed answers, the mean Cohen's kappa with staff of the seed-word
matcher (the peer, also timed on all answers), the bootstrapped model and models fitted on
200 and on `--reviewed` reviewed answers. It fails when `predict` codes fewer than 100,000
answers a minute on two cores.

`--quick` codes 2,000 answers with 250 reviewed and 250 held out, in a few seconds.
"""

from __future__ import annotations

import argparse
import os
import re
import sys

import numpy as np

from measure import parse_args, peak_rss_mib, ratio, timed
from overture.engines.text_coding import (
    Code,
    CodeBook,
    Coder,
    SeedMatcher,
    agreement,
    default_code_book,
)

TARGET_PER_MINUTE = 100_000
STAFF_MISS = 0.03
ALIASES = {
    "HC": "variable:heterogeneity-conflict",
    "RR": "variable:role-rigidity",
    "PA": "variable:participation-access",
    "SP": "variable:signposting",
    "ABS": "value:absorption",
    "EMO": "value:emotional-response",
    "AES": "value:aesthetic-enjoyment",
    "UND": "value:understanding",
    "DIS": "value:discovery",
    "WEL": "value:feeling-welcome",
    "KNOW": "value:knowing-what-to-do",
    "BEL": "value:belonging",
    "CON": "value:connection-with-others",
    "CTB": "value:contribution",
    "CMP": "value:competence",
    "REL": "value:relaxation",
    "BACK": "value:inspiration-to-come-back",
    "LIS": "practice:listening-in-silence",
    "APP": "practice:applauding",
    "NOTE": "practice:programme-note",
    "SING": "practice:singing-in-a-choir",
    "KIDS": "practice:bringing-children",
    "DISC": "practice:discussing-a-piece",
    "WAY": "practice:finding-your-way",
    "PLAY": "practice:playing-along",
}
# The caller's practices: names and a few words, as an organisation would enter them.
PRACTICES = (
    ("listening-in-silence", "Listening in silence", ("silence", "silent", "quiet", "listening")),
    ("applauding", "Applauding at the right moment", ("clap", "applau", "encore")),
    ("programme-note", "Following a programme note", ("programme", "program", "notes")),
    ("singing-in-a-choir", "Singing in a choir", ("sing", "sang", "choir", "alto", "tenor")),
    ("bringing-children", "Bringing children to a concert", ("kids", "children", "toddler")),
    ("discussing-a-piece", "Discussing a piece", ("discuss", "talk about", "debate")),
    ("finding-your-way", "Finding your way around the concert hall", ("seat", "entrance")),
    ("playing-along", "Playing along on an instrument", ("my violin", "my cello", "play along")),
)

SOMEONE = (
    "{the man|the woman|an older couple|a group of regulars|the people|somebody|a lady} "
    "{behind us|next to me|in front of us|in our row|across the aisle}"
)
# (group, text, codes). In text, {a|b} is one of the alternatives; an alternative may end in
# [CODE CODE] to add codes when it is drawn.
CLAUSES: tuple[tuple[str, str, str], ...] = (
    (
        "conflict",
        SOMEONE + " kept {shushing|tutting at|glaring at|hissing at} "
        "{me|us|my daughter} {when I clapped after the first movement [APP]|whenever my son "
        "whispered [KIDS]|because my phone buzzed|for humming along|when I opened my sweets|}",
        "HC",
    ),
    (
        "conflict",
        SOMEONE + " {sighed|huffed|turned round to stare} every time "
        "{my little one moved [KIDS]|I shifted in my seat|we clapped [APP]|I turned a page}",
        "HC",
    ),
    (
        "conflict",
        SOMEONE + " {talked|chatted|whispered|was on their phone|rustled a bag} "
        "{all the way through the slow movement|during the quiet bits|right through the "
        "second half}",
        "HC LIS",
    ),
    (
        "conflict",
        "the people who clapped between movements {spoiled it|ruined the mood|"
        "broke the spell} for {me|us}",
        "HC APP",
    ),
    (
        "conflict",
        "{I felt|we felt} {judged|looked down on|sneered at} by the regulars for "
        "{not dressing up|clapping at the wrong time [APP]|bringing a baby [KIDS]}",
        "HC",
    ),
    (
        "conflict",
        "{a phone went off|someone's alarm rang|a crisp packet crackled} in the "
        "{slow movement|pianissimo ending|quietest moment}",
        "HC LIS",
    ),
    (
        "conflict",
        "the {experts|serious concert-goers} around us made it {clear|obvious} we did not fit in",
        "HC",
    ),
    (
        "conflict",
        "being {told off|scolded|hushed} by a stranger {made me want to leave|"
        "put me off|left a bad taste}",
        "HC",
    ),
    (
        "rigidity",
        "I didn't know when to clap so I {just sat on my hands|waited for everyone "
        "else|clapped late}",
        "RR APP",
    ),
    (
        "rigidity",
        "the {score|music|alto line|harmony} was {too hard to sight-read|far beyond "
        "me|way too fast} and I {got lost|gave up|just mouthed the words}",
        "RR SING",
    ),
    (
        "rigidity",
        "it all felt {very formal|rather stiff|a bit posh} and I {wasn't sure what "
        "I was allowed to do|worried about doing something wrong|didn't dare move}",
        "RR",
    ),
    (
        "rigidity",
        "everyone else seemed to know {the unwritten rules|what to do|when to stand}",
        "RR",
    ),
    ("rigidity", "the warm-up went {too fast|far too quickly} for a beginner like me", "RR SING"),
    (
        "rigidity",
        "I was {nervous|anxious|self-conscious} about {making a noise|coughing|"
        "sitting in the wrong place [WAY]} the whole time",
        "RR LIS",
    ),
    (
        "rigidity",
        "the players {assumed|expected} we could {already play the part|read the score} {[PLAY]|}",
        "RR PLAY",
    ),
    (
        "rigidity",
        "{I felt out of my depth|I was out of my depth} {with the experienced "
        "singers [SING]|among all the experts|from the start}",
        "RR",
    ),
    (
        "access",
        "{my buddy|a friendly regular|the volunteer|a singer next to me|an usher} "
        "{showed me where to come in [SING]|explained when to clap [APP KNOW]|sat with me in "
        "the interval|talked me through the programme [NOTE]|pointed out the page we were on "
        "[SING]}",
        "PA",
    ),
    (
        "access",
        "the open rehearsal let {us|me} see how the conductor {works|shapes the sound}",
        "PA UND",
    ),
    (
        "access",
        "{an experienced player|the section leader|one of the regulars} {took me "
        "under their wing|kept an eye on me|let me follow their bowing [PLAY]}",
        "PA",
    ),
    (
        "access",
        "having {someone|a buddy|a mentor} to {ask|turn to} made {all the|a huge} difference",
        "PA",
    ),
    (
        "access",
        "the {workshop leader|choir leader|animateur} {checked in with me|helped me "
        "find my note [SING]|paired me with a regular}",
        "PA",
    ),
    (
        "signposting",
        "the {website|leaflet|email} said it was {good for first-timers|ideal "
        "for a first visit|suitable for families [KIDS]} and {it was|it really was|that was "
        "spot on}",
        "SP",
    ),
    (
        "signposting",
        "it was recommended to {me|us} as a first concert and it was the right {pick|choice}",
        "SP",
    ),
    (
        "signposting",
        "I didn't know what to expect {from the description|from the listing|"
        "at all} {and it was a shock|so I was anxious|}",
        "SP",
    ),
    ("signposting", "the email told us {what to wear|when to arrive|where to go [WAY]}", "SP KNOW"),
    (
        "signposting",
        "the {'ideal first visit'|beginner-friendly|family} label was {spot on|"
        "accurate|exactly right}",
        "SP",
    ),
    (
        "signposting",
        "{nobody told us|there was no warning|the listing never said} it would "
        "be {three hours long|so loud|in German}",
        "SP",
    ),
    (
        "signposting",
        "the guide said {this was the one for me|to start with the open "
        "rehearsal [PA]|which seats were best [WAY]}",
        "SP",
    ),
    (
        "value",
        "I {lost track of time|was completely gripped from the first note|forgot "
        "about everything else}",
        "ABS",
    ),
    ("value", "the {hour|evening|second half} flew by", "ABS"),
    ("value", "the slow movement {had me in tears|made me cry|gave me goosebumps}", "EMO"),
    ("value", "{it was|I found it} {very moving|so uplifting|really emotional}", "EMO"),
    ("value", "my heart was {racing|pounding} in the finale", "EMO"),
    (
        "value",
        "the {strings|brass|choir|soloist} {sounded gorgeous|was superb|were "
        "stunning|played beautifully}",
        "AES",
    ),
    ("value", "{wonderful|superb|brilliant} playing all round", "AES"),
    (
        "value",
        "the {pre-concert talk|introduction from the stage|conductor's chat} helped "
        "me {understand|make sense of} the piece",
        "UND",
    ),
    (
        "value",
        "the programme note {explained the story behind the symphony|made the "
        "history come alive|told me what to listen for}",
        "UND NOTE",
    ),
    ("value", "I finally {get|grasp|see} what a conductor actually does", "UND"),
    (
        "value",
        "{I'd never heard|I had never heard|it was my first time hearing} any "
        "{Sibelius|Bartók|contemporary music} before",
        "DIS",
    ),
    ("value", "the new piece {surprised me|was a revelation|was not what I expected}", "DIS"),
    (
        "value",
        "{everyone|the staff|the stewards} {was so friendly|made us feel very "
        "welcome|smiled and said hello}",
        "WEL",
    ),
    (
        "value",
        "nobody minded when my {toddler|baby|son} {made noise|wandered about|sang along}",
        "WEL KIDS",
    ),
    (
        "value",
        "{relaxed atmosphere|no dress code|no stuffiness}, {no judgement|no one "
        "fussed|very chilled}",
        "WEL",
    ),
    ("value", "the conductor {told us|showed us} when to clap", "KNOW APP"),
    ("value", "the signs made it easy to find {our seats|the bar|the entrance}", "KNOW WAY"),
    (
        "value",
        "{clear instructions|a clear welcome} at the start {helped|settled my nerves}",
        "KNOW",
    ),
    ("value", "I felt {part of something bigger|like I belong here now|at home}", "BEL"),
    ("value", "{it's|it feels like} our {orchestra|hall|choir} {now|and I love that}", "BEL"),
    ("value", "{we|I} chatted with the people next to us in the interval", "CON"),
    ("value", "I {met some lovely people|made a new friend|got to know my neighbours}", "CON"),
    ("value", "a {great|lovely} evening out with {my family|my mum|old friends}", "CON"),
    (
        "value",
        "singing together with {strangers|two hundred people} was {special|magical}",
        "CON SING",
    ),
    ("value", "I got to {vote for the encore [APP]|choose a piece|suggest a theme}", "CTB"),
    ("value", "{our|my} piece was {performed by the orchestra|played at the end}", "CTB"),
    (
        "value",
        "I sang my part in the chorus {without a mistake|at full volume|with pride}",
        "CTB SING",
    ),
    ("value", "my {sight-reading|breathing|tuning} has {improved|come on a lot}", "CMP"),
    ("value", "I {managed to hold|could hold|kept} the {alto|tenor|bass} line", "CMP SING"),
    (
        "value",
        "I feel {more confident|much braver} {singing in public [SING]|playing with "
        "others [PLAY]|in a concert hall}",
        "CMP",
    ),
    ("value", "a {lovely|perfect} way to {unwind|switch off} after {a busy week|work}", "REL"),
    ("value", "{so peaceful|very calming|a real escape from work}", "REL"),
    (
        "value",
        "{we'll definitely come back|I've already booked for next season|can't wait "
        "for the next one|I'd go again in a heartbeat}",
        "BACK",
    ),
    (
        "value",
        "{I will|we will} be bringing {friends|my partner|the grandchildren [KIDS]} next time",
        "BACK",
    ),
    ("value", "we {argued|debated} about the ending all the way home", "DISC CON"),
    (
        "value",
        "the {livestream chat|post-show discussion|Q&A} was {great fun|really interesting}",
        "DISC",
    ),
    ("value", "I {played along|joined in} on my {violin|cello|recorder}", "PLAY CTB"),
    ("misleading", "we were talking about it {all the way home|for days|over dinner}", "CON DISC"),
    (
        "misleading",
        "a noisy, joyful family concert, {perfect for the kids|just right for our two}",
        "WEL KIDS",
    ),
    ("misleading", "we moved seats at the interval {to see better|for more legroom}", "WAY"),
    ("misleading", "{got a bit lost|got lost} finding the {entrance|cloakroom|stalls}", "WAY"),
    (
        "misleading",
        "the {talking|chat} before the concert {was fascinating|explained a lot}",
        "UND",
    ),
    ("misleading", "{my phone|the app} {showed me|told me} where to go", "KNOW WAY"),
    (
        "misleading",
        "nobody {shushed|tutted at} us even when {the baby|my son} {cooed|laughed}",
        "WEL KIDS",
    ),
    ("neutral", "{parking was|the bar was|the queue was} {easy|quick|fine}", ""),
    ("neutral", "{nothing really|nothing to add|n/a|all good}", ""),
    (
        "neutral",
        "{the tea was|the interval was|the programme cost} {too expensive|a bit long|fine}",
        "",
    ),
)
GROUPS = ("conflict", "rigidity", "access", "signposting", "value", "misleading", "neutral")
# Segment: openers, and how often each clause group comes up.
SEGMENTS = {
    "first-timer": (
        ("As a first-timer, ", "First concert ever: ", "Never been before and ", ""),
        (2, 3, 2, 3, 6, 1, 1),
    ),
    "novice": (("As a newcomer, ", "Still quite new to this, but ", ""), (2, 2, 2, 2, 7, 1, 1)),
    "regular": (("As a regular, ", "Been coming for years: ", ""), (2, 1, 1, 1, 8, 1, 1)),
    "expert": (
        ("As a season ticket holder, ", "After forty years of concerts, ", ""),
        (4, 0.5, 1, 0.5, 7, 1, 1),
    ),
    "parent": (
        ("With the kids: ", "As a parent, ", "Came with my family and "),
        (3, 2, 1, 2, 7, 2, 1),
    ),
    "student": (("As a student, ", "As a music student, ", ""), (1, 2, 2, 2, 7, 1, 1)),
}
SEGMENT_SHARES = (0.22, 0.25, 0.25, 0.1, 0.1, 0.08)
CLOSERS = (
    "",
    "",
    "",
    " Thanks!",
    " Overall a great night.",
    " Well done everyone.",
    " Keep it up.",
    " More of this please.",
)
JOINERS = (", ", " and ", ". ", " but ", "; ")
_ALTERNATIVES = re.compile(r"\{([^{}]*)\}")
_CODES = re.compile(r"\s*\[([A-Z ]+)\]\s*$")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--answers", type=int, default=100_000)
    parser.add_argument("--reviewed", type=int, default=2_000)
    parser.add_argument("--held-out", type=int, default=2_000)
    parser.add_argument("--features", default="words+chars", choices=("words", "words+chars"))
    parser.add_argument("--seed", type=int, default=7)
    args = parse_args(parser, argv, quick={"answers": 2_000, "reviewed": 250, "held_out": 250})
    rng = np.random.default_rng(args.seed)
    book = code_book()

    generate_seconds, (texts, staff) = timed(
        lambda: generate(rng, args.answers + args.reviewed + args.held_out)
    )
    answers = texts[: args.answers]
    reviewed = slice(args.answers, args.answers + args.reviewed)
    held = slice(args.answers + args.reviewed, None)
    print(
        f"answers      {generate_seconds:7.2f} s   {len(answers):,} answers "
        f"({len(set(answers)):,} distinct, {np.mean([len(t) for t in answers]):.0f} characters "
        f"on average), {args.reviewed:,} reviewed, {args.held_out:,} held out; "
        f"{len(book)} codes; {len(os.sched_getaffinity(0))} cores available"
    )
    print(f"  e.g.       {answers[0]!r} -> {sorted(staff[0])}")

    options = {"features": args.features, "seed": args.seed}
    bootstrap_seconds, seeded = timed(lambda: Coder(book, **options).bootstrap(answers))
    fit_seconds, fitted = timed(
        lambda: Coder(book, **options).fit(texts[reviewed], staff[reviewed])
    )
    fit_two_seconds, _ = timed(
        lambda: Coder(book, n_jobs=2, **options).fit(texts[reviewed], staff[reviewed])
    )
    few = Coder(book, **options).fit(texts[reviewed][:200], staff[reviewed][:200])
    print(
        f"train        bootstrap {bootstrap_seconds:5.2f} s (seed words + "
        f"{seeded.training.weakly_labelled:,} unreviewed answers), fit {fit_seconds:5.2f} s "
        f"({fit_two_seconds:.2f} s with 2 threads) on {args.reviewed:,} reviewed answers; "
        f"features {args.features}, model {len(fitted.to_bytes()) / 2**20:.1f} MiB saved"
    )

    rates: dict[int, float] = {}
    for jobs, note in ((1, ""), (2, ", starting 2 worker processes"), (2, ", workers running")):
        seconds, coded = timed(lambda jobs=jobs: fitted.predict(answers, n_jobs=jobs))
        rates[jobs] = max(rates.get(jobs, 0.0), len(answers) / seconds * 60)
        print(
            f"predict      {seconds:7.2f} s   n_jobs={jobs}{note}: "
            f"{len(answers) / seconds * 60:,.0f} answers/min, "
            f"{sum(map(len, coded)) / len(coded):.2f} codes per answer"
        )
    matcher = SeedMatcher(book)
    match_seconds, _ = timed(lambda: matcher.match_all(answers))
    match_rate = len(answers) / match_seconds * 60
    print(
        f"peer         {match_seconds:7.2f} s   seed-word matcher (one regex pass per answer): "
        f"{match_rate:,.0f} answers/min on one core, {ratio(match_rate, rates[1])} the "
        f"model's rate on one core"
    )
    print(f"memory       peak RSS {peak_rss_mib():,.0f} MiB")

    held_texts, held_staff = texts[held], staff[held]
    print(f"agreement with staff on {len(held_texts):,} held-out reviewed answers (mean kappa):")
    results = {
        "seed-word matcher (peer)": matcher.match_all(held_texts),
        "bootstrapped model": seeded.decide(held_texts),
        "model fitted on 200 reviewed": few.decide(held_texts),
        f"model fitted on {args.reviewed:,} reviewed": fitted.decide(held_texts),
    }
    for name, decisions in results.items():
        result = agreement(decisions, held_staff, book)
        print(f"  {name:34} {result.mean_kappa:.3f}")
        if name.startswith("model fitted"):
            worst = sorted((v, k) for k, v in result.kappa.items() if v is not None)[:3]
            print(
                "  weakest codes after fitting     "
                + ", ".join(f"{k.split(':')[1]} {v:.2f}" for v, k in worst)
            )

    best = max(rates.values())
    if best < TARGET_PER_MINUTE:
        print(f"FAIL: {best:,.0f} answers/min is below {TARGET_PER_MINUTE:,}", file=sys.stderr)
        return 1
    print(f"ok: {best:,.0f} answers/min ≥ {TARGET_PER_MINUTE:,} ({best / TARGET_PER_MINUTE:.0f}×)")
    return 0


def code_book() -> CodeBook:
    practices = [
        Code(f"practice:{slug}", "practice", name, [name.lower(), *words])
        for slug, name, words in PRACTICES
    ]
    return default_code_book(practices)


def generate(rng: np.random.Generator, count: int) -> tuple[list[str], list[set[str]]]:
    """`count` answers and the codes staff would give them, drawn from `rng`."""
    by_group = {group: [c for c in CLAUSES if c[0] == group] for group in GROUPS}
    segments = list(SEGMENTS.values())
    segment_of = rng.choice(len(segments), size=count, p=SEGMENT_SHARES)
    texts: list[str] = []
    labels: list[set[str]] = []
    for segment in segment_of:
        openers, weights = segments[segment]
        shares = np.asarray(weights, dtype=float) / sum(weights)
        parts: list[str] = []
        codes: set[str] = set()
        for _ in range(int(rng.choice((1, 2, 3), p=(0.5, 0.35, 0.15)))):
            group = by_group[GROUPS[int(rng.choice(len(GROUPS), p=shares))]]
            _, template, clause_codes = group[int(rng.integers(len(group)))]
            text, extra = fill(template, rng)
            parts.append(text)
            codes |= {ALIASES[a] for a in (clause_codes.split() + extra)}
        answer = parts[0]
        for part in parts[1:]:
            answer += str(rng.choice(JOINERS)) + part
        answer = str(rng.choice(openers)) + answer
        answer = answer[0].upper() + answer[1:] if rng.random() < 0.8 else answer.lower()
        answer = answer + ("." if rng.random() < 0.6 else "") + str(rng.choice(CLOSERS))
        texts.append(answer)
        labels.append({c for c in sorted(codes) if rng.random() >= STAFF_MISS})
    return texts, labels


def fill(template: str, rng: np.random.Generator) -> tuple[str, list[str]]:
    """One reading of a template, and the codes its drawn alternatives add."""
    extra: list[str] = []

    def choose(match: re.Match) -> str:
        options = match.group(1).split("|")
        option = options[int(rng.integers(len(options)))]
        codes = _CODES.search(option)
        if codes:
            extra.extend(codes.group(1).split())
            option = option[: codes.start()]
        return option

    text = _ALTERNATIVES.sub(choose, template)
    return " ".join(text.split()), extra


if __name__ == "__main__":
    sys.exit(main())
