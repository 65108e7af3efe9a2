"""Titles and descriptions for the demo season, per format."""

from __future__ import annotations

from overture.season.models import Format

# Symphony programmes; open rehearsals, pre-concert talks and livestreams follow them.
SYMPHONY_PROGRAMMES: tuple[tuple[str, str], ...] = (
    (
        "Beethoven's Fifth",
        "Four notes that everyone knows, and the journey from darkness to a blazing finale. "
        "With Mozart's Piano Concerto No. 23.",
    ),
    (
        "Mahler's Resurrection",
        "Mahler's Second Symphony, with choir, organ and offstage brass: ninety minutes that "
        "end in one of the loudest, most joyful moments in all music.",
    ),
    (
        "The New World",
        "Dvořák's Symphony No. 9, written in New York and full of songs he heard there, "
        "paired with Florence Price's Symphony No. 1.",
    ),
    (
        "The Rite of Spring",
        "Stravinsky's ballet score that caused a riot in Paris in 1913, with Debussy's "
        "La Mer: the sea in sound.",
    ),
    (
        "Enigma Variations",
        "Elgar's musical portraits of his friends, and Vaughan Williams' The Lark Ascending "
        "with our leader as soloist.",
    ),
    (
        "Tchaikovsky's Pathétique",
        "Tchaikovsky's last symphony, which ends quietly instead of with a bang: stay in the "
        "silence with us. With Rachmaninov's Rhapsody on a Theme of Paganini.",
    ),
    (
        "Sibelius and the North",
        "Sibelius' Fifth Symphony, famous for its six final hammer-blow chords, with Grieg's "
        "Piano Concerto.",
    ),
    (
        "Shostakovich Ten",
        "A symphony written after Stalin's death, with a furious scherzo and the composer's "
        "musical signature woven through the finale. With Prokofiev's Violin Concerto No. 1.",
    ),
    (
        "Brahms and Clara Schumann",
        "Clara Schumann's Piano Concerto, written when she was a teenager, and Brahms' "
        "warm, autumnal Fourth Symphony.",
    ),
    (
        "The Planets",
        "Holst's suite from warlike Mars to mystical Neptune, with a hidden women's chorus "
        "fading into silence. With John Williams' film music.",
    ),
    (
        "Mozart's Jupiter",
        "Mozart's last symphony, with a finale that juggles five tunes at once, and his "
        "Clarinet Concerto.",
    ),
    (
        "Bruckner Seven",
        "Slow-building waves of sound from Bruckner, with the Wagner tubas' lament in the "
        "slow movement.",
    ),
    (
        "Ravel and Rachmaninov",
        "Ravel's Boléro and Daphnis and Chloé, and Rachmaninov's Second Piano Concerto.",
    ),
    (
        "Symphonie fantastique",
        "Berlioz's story of an artist's opium dream, with a march to the scaffold and a "
        "witches' sabbath. With a new commission from our composer in residence.",
    ),
    (
        "Beethoven's Ninth",
        "The Choral Symphony, ending with the Ode to Joy sung by the Northbank Chorus.",
    ),
    (
        "Schubert's Great C major",
        "Schubert's biggest symphony, full of marching rhythms and long songs, with "
        "Mendelssohn's Violin Concerto.",
    ),
)

CHAMBER_TITLES: tuple[tuple[str, str], ...] = (
    ("Schubert's Trout Quintet", "Players from the orchestra in Schubert's sunniest music."),
    (
        "Late Beethoven Quartets",
        "The Northbank Quartet in the music Beethoven wrote when he could no longer hear.",
    ),
    ("Brahms Clarinet Quintet", "Our principal clarinet joins the string principals."),
    (
        "Lunchtime: Debussy and Ravel",
        "Forty-five minutes of French chamber music in the middle of the day.",
    ),
    ("Bach Cello Suites by candlelight", "Three of Bach's suites for solo cello."),
    (
        "Clara and Fanny",
        "Songs and piano trios by Clara Schumann and Fanny Mendelssohn.",
    ),
    (
        "Shostakovich String Quartet No. 8",
        "Written in three days in Dresden, dedicated to the victims of war.",
    ),
    ("Mozart Serenades", "Wind players from the orchestra in Mozart's party music."),
)

FAMILY_TITLES: tuple[tuple[str, str], ...] = (
    (
        "The Carnival of the Animals",
        "Lions, elephants, kangaroos and a swan in Saint-Saëns' musical zoo. For ages 4 and up.",
    ),
    (
        "Peter and the Wolf",
        "Prokofiev's story told by a narrator, with every character played by an instrument. "
        "For ages 3 and up.",
    ),
    (
        "Dinosaurs and Dragons",
        "Stomping, roaring music from film and the concert hall. For ages 5 and up.",
    ),
    (
        "Journey to the Stars",
        "A trip through space with Holst, Strauss and the music from your favourite films.",
    ),
    (
        "The Orchestra Toy Box",
        "Meet every section of the orchestra and discover what each instrument can do.",
    ),
)

RELAXED_TITLES: tuple[tuple[str, str], ...] = (
    (
        "Relaxed concert: The Four Seasons",
        "Vivaldi's seasons in a calm, welcoming hour. Lights stay up and you can come and go.",
    ),
    (
        "Relaxed concert: Swan Lake",
        "Music from Tchaikovsky's ballet, with space to move and a chill-out room.",
    ),
    (
        "Relaxed concert: Music for a Sunday",
        "Familiar tunes in a relaxed setting, made for everyone, including autistic people "
        "and people living with dementia.",
    ),
    (
        "Relaxed concert: Around the World",
        "Dances from many countries. Sit, stand, move or make noise as you like.",
    ),
)

COME_AND_SING_TITLES: tuple[tuple[str, str], ...] = (
    (
        "Come and Sing: Handel's Messiah",
        "Spend the day singing the Messiah choruses with our chorus director, then perform "
        "them together at five o'clock. Scores to borrow.",
    ),
    (
        "Come and Sing: Fauré Requiem",
        "Learn and sing Fauré's gentle Requiem in a day. No audition; all voices welcome.",
    ),
    (
        "Come and Sing: Mozart Requiem",
        "A day with Mozart's last work, rehearsed section by section and sung in full at the end.",
    ),
    (
        "Come and Sing: Carols",
        "Traditional and new carols in four parts, with the orchestra's brass.",
    ),
    (
        "Come and Sing: Haydn's Creation",
        "Haydn's great choruses, from chaos to light, in a day.",
    ),
    (
        "Come and Sing: Gospel Day",
        "Learn gospel songs by ear with a guest choir leader; no reading music needed.",
    ),
)

PLAY_ALONG_TITLES: tuple[tuple[str, str], ...] = (
    (
        "Play-along: Beethoven 7",
        "Amateur players sit among the orchestra to play the famous slow movement and finale. "
        "Parts sent two weeks before.",
    ),
    (
        "Play-along: The Planets",
        "Mars and Jupiter, side by side with the orchestra. For players of grade 5 and up.",
    ),
    (
        "Play-along: New World finale",
        "Dvořák's finale for strings, wind and brass, with simplified parts available.",
    ),
    (
        "Rusty Players' Orchestra",
        "Dust off an instrument you have not played for years and rejoin an orchestra for an "
        "afternoon.",
    ),
    (
        "Strings Play-along: Elgar Serenade",
        "An afternoon of Elgar's Serenade for Strings with our string principals.",
    ),
)

COMPOSITION_LAB_TITLES: tuple[tuple[str, str], ...] = (
    (
        "Composition lab: Sounds of the City",
        "Record sounds from the streets around the hall and turn them into a piece with our "
        "composer in residence.",
    ),
    (
        "Composition lab: Writing for Strings",
        "Write a short piece for string quartet; the Northbank Quartet will play it back.",
    ),
    (
        "Composition lab: Songs from our Street",
        "Write songs together from the stories of people who live near the hall.",
    ),
    (
        "Composition lab: Film Music",
        "Compose a score for a one-minute film, then hear it performed live to picture.",
    ),
)

OWN_TITLES: dict[str, tuple[tuple[str, str], ...]] = {
    Format.SYMPHONY_CONCERT: SYMPHONY_PROGRAMMES,
    Format.CHAMBER_CONCERT: CHAMBER_TITLES,
    Format.FAMILY_CONCERT: FAMILY_TITLES,
    Format.RELAXED_PERFORMANCE: RELAXED_TITLES,
    Format.COME_AND_SING: COME_AND_SING_TITLES,
    Format.PLAY_ALONG: PLAY_ALONG_TITLES,
    Format.COMPOSITION_LAB: COMPOSITION_LAB_TITLES,
}

# Formats that accompany a symphony concert: title pattern and description.
COMPANION_TEXTS: dict[str, tuple[str, str]] = {
    Format.PRE_CONCERT_TALK: (
        "Before the concert: {title}",
        "A half-hour introduction with the conductor and a player from the orchestra: what "
        "to listen out for tonight, with musical examples. Free for ticket holders.",
    ),
    Format.LIVESTREAM: (
        "Live from Northbank Hall: {title}",
        "Watch the concert live from home, with a presenter in the interval and a friendly "
        "live chat. A quiet stream without chat is available too.",
    ),
    Format.OPEN_REHEARSAL: (
        "Open rehearsal: {title}",
        "Sit in the hall while the orchestra and conductor prepare this week's concert, "
        "stopping, starting and trying things out.",
    ),
}
