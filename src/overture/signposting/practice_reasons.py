"""Friendly signposting reasons for well-known practices, keyed by practice slug.

The demo orchestra's practices use these slugs; any other practice gets the engine's generic
texts (docs/engines/signposting.md, "Reason texts").
"""

from __future__ import annotations

# Friendly signposting reasons per practice and situation (see SITUATIONS in
# overture.engines.signposting.reasons); situations left out use the engine's generic texts.
# A text that describes the room goes under "situation@careful" or "situation@relaxed", so
# that a relaxed activity never asks for silence.
# Placeholders: {practice}, {level}, {required}, {required_words}, {strictness},
# {suggested_format}.
REASON_TEMPLATES: dict[str, dict[str, str]] = {
    "listening-in-silence": {
        "prepare@careful": "The hall listens in complete silence here, and expects you to know "
        "how — try {suggested_format} first",
        "prepare": "It helps to have listened to a concert before — try {suggested_format} first",
        "unknown_gap@careful": "The hall listens in complete silence here: tell us whether you "
        "have been to a symphony concert, and we’ll tell you whether it fits",
        "unknown_gap": "Tell us whether you have been to a symphony concert, and we’ll tell you "
        "whether it fits",
        "step_up": "A little more listening in silence than you’re used to, in a relaxed room "
        "— a good way to grow",
        "new_relaxed": "New to listening in silence? The room is relaxed about it — a good way "
        "to start",
        "unknown_open@relaxed": "No concert experience needed: nobody minds a rustle or a "
        "whisper here",
        "unknown_open@careful": "No concert experience needed, but the room stays quiet while "
        "the music plays: read how it’s done before you come",
        "new_careful@careful": "No concert experience needed, but the room stays quiet while the "
        "music plays: read how it’s done before you come",
        "new_open": "Nobody minds a rustle or a whisper here: an easy way to hear live music",
        "done_before@careful": "You’ll listen in silence for about 40 minutes — you’ve done this "
        "before",
        "done_before@relaxed": "You’ve done this before — and here nobody minds a rustle or a "
        "whisper",
    },
    "applauding": {
        "prepare@careful": "Applause waits for the end of each whole work, and the hall notices "
        "an early clap — try {suggested_format} first",
        "prepare": "It helps to know when to clap — try {suggested_format} first",
        "new_relaxed": "Applause comes at the end of the whole piece: the guide explains when, "
        "and nobody minds an early clap",
        "new_careful@careful": "Applause comes at the end of the whole symphony: the guide "
        "explains when",
        "unknown_open@relaxed": "Clap whenever you feel like it — nobody minds an early round of "
        "applause here",
        "unknown_open@careful": "Applause comes at the end of each whole work: follow the people "
        "around you",
        "new_open": "Clap whenever you feel like it — nobody minds an early round of applause here",
        "done_before@careful": "You know when to clap: at the end of each whole work",
        "done_before@relaxed": "You know when to clap — and here nobody minds when you do",
    },
    "programme-note": {
        "new_relaxed": "The programme note helps here: pick one up at the door and take your time",
        "new_open": "The programme note tells you what to listen for — no need to have read "
        "one before",
        "done_before": "You’ll find your way through the programme note as usual",
    },
    "finding-your-way": {
        "new_relaxed": "First time at Northbank Hall? Arrive half an hour early: stewards show "
        "you to your seat",
        "new_open": "Stewards are there to show you around — ask them anything",
        "done_before": "You know your way around the hall",
    },
    "singing-in-a-choir": {
        "prepare": "The day moves quickly through the parts, so it helps to have sung in a "
        "choir before — try {suggested_format} first",
        "unknown_gap": "It helps to have sung in a choir before: tell us whether you have, and "
        "we’ll tell you whether it fits",
        "new_relaxed": "New to choir singing? Everyone learns the parts together, and mistakes "
        "are how a choir learns",
        "done_before": "You’ve sung in a choir before: you’ll pick up your part in the day’s "
        "rehearsal",
    },
    "reading-a-vocal-score": {
        "new_relaxed": "You’ll follow the words in the vocal score; reading the notes isn’t "
        "needed, the leader calls out where you are",
        "done_before": "You can follow your line in the vocal score",
    },
    "playing-along": {
        "prepare": "The parts ask for some playing experience — try {suggested_format} first",
        "new_relaxed": "Bring your instrument if you like: the parts are simple and nobody minds "
        "a wrong note",
        "step_up": "The parts are a step beyond what you’ve played so far, and the room is "
        "relaxed — a good way to grow",
        "done_before": "You’ll play your part alongside the orchestra’s musicians, who carry "
        "the music",
    },
    "following-a-conductor": {
        "prepare": "You’ll need to follow the conductor’s beat and entries — try "
        "{suggested_format} first to watch how it works",
        "new_relaxed": "Watch the conductor’s hands for the beat: the leader shows you how at "
        "the start",
        "new_open": "Watch the conductor up close — nobody expects you to follow the beat",
        "done_before": "You’ve followed a conductor before: watch for the beat and your entries",
    },
    "discussing-a-piece": {
        "new_relaxed": "You’ll talk about the music with others: say what struck you, there is "
        "no right answer",
        "new_open": "Join the conversation if you like — first impressions are welcome",
        "done_before": "You’ll enjoy the conversation about the music",
    },
    "livestream-chat": {
        "new_relaxed": "Say hello in the chat, or choose the quiet stream — moderators keep it "
        "friendly",
        "new_open": "Chat along if you like, or just listen",
        "done_before": "You’ve chatted during a livestream before",
    },
    "relaxed-performance": {
        "unknown_open": "Move, make noise, come and go as you like — nobody will ask you to be "
        "quiet",
        "new_open": "Move, make noise, come and go as you like — nobody will ask you to be quiet",
        "done_before": "You know how relaxed performances work: make yourself at home",
    },
    "bringing-children": {
        "unknown_open": "A presenter explains everything, and wriggling and questions are part "
        "of it",
        "new_open": "A presenter explains everything, and wriggling and questions are part of it",
        "done_before": "You’ve brought children to a concert before: this one is about an hour",
    },
    "improvising-and-composing": {
        "new_relaxed": "There are no wrong notes in a first try: you’ll start from a small idea "
        "with others",
        "new_open": "Try making up a few notes of your own — no experience needed",
        "done_before": "You’ve made up music before: bring your ideas",
    },
    "watching-a-rehearsal": {
        "prepare@careful": "The orchestra stops and starts while the room stays quiet, so it "
        "helps to have watched a rehearsal before — try {suggested_format} first",
        "prepare": "It helps to have watched a rehearsal before — try {suggested_format} first",
        "unknown_gap@careful": "The room stays quiet while the orchestra works: tell us whether "
        "you’ve watched a rehearsal before, and we’ll tell you whether it fits",
        "unknown_gap": "Tell us whether you’ve watched a rehearsal before, and we’ll tell you "
        "whether it fits",
        "new_careful@careful": "No experience needed: stay quiet while the orchestra plays and "
        "the conductor talks, and slip out between sections if you need to",
        "new_open": "Slip in and watch how a performance is built — no experience needed",
        "done_before": "You’ve watched a rehearsal before: expect the music to stop and start",
    },
}
