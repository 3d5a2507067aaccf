"""A deterministic corpus of synthetic news articles for throughput benchmarks.

`write_corpus(folder, n, seed)` writes N articles (300-900 words each, wire and blog styles) and a
manifest.csv. Each article holds a few deployment or casualty claims with varied actors, numbers,
dates, places and claimants, drowned in filler paragraphs that hold no event (markets, weather,
sport, culture, local politics, diplomacy talk), as real news is. The same (n, seed) always gives
the same bytes. Run it alone to look at a sample: `python benchmarks/corpus.py --docs 3 --out DIR`.
"""

from __future__ import annotations

import argparse
import csv
import random
from datetime import date, timedelta
from pathlib import Path

CONFLICTS = [
    {
        "actors": ["North Korean", "Russian", "Ukrainian"],
        "states": ["North Korea", "Russia", "Ukraine"],
        "places": ["the Kursk region", "Kharkiv oblast", "the Donetsk front", "Zaporizhzhia", "Belgorod"],
        "sources": [
            "South Korea's National Intelligence Service",
            "the Institute for the Study of War",
            "Ukraine's military intelligence",
            "the Joint Chiefs of Staff in Seoul",
            "a Pentagon spokesperson",
            "Ukrainian border guards",
        ],
    },
    {
        "actors": ["Sudanese army", "RSF", "Chadian"],
        "states": ["Sudan", "Chad", "Egypt"],
        "places": ["El Fasher", "North Darfur", "Omdurman", "the Gezira state", "Kordofan"],
        "sources": [
            "the United Nations",
            "local medics",
            "a spokesman for the Sudanese Armed Forces",
            "Human Rights Watch",
            "residents reached by phone",
        ],
    },
    {
        "actors": ["Israeli", "Hezbollah", "Iranian"],
        "states": ["Israel", "Lebanon", "Iran", "Syria"],
        "places": [
            "southern Lebanon",
            "the Golan Heights",
            "the Bekaa valley",
            "Damascus",
            "the border area",
        ],
        "sources": [
            "the Israeli military",
            "Lebanon's health ministry",
            "a senior security official",
            "the Syrian Observatory for Human Rights",
            "state media",
        ],
    },
    {
        "actors": ["French", "Nigerien", "Islamic State", "JNIM"],
        "states": ["France", "Niger", "Mali", "Burkina Faso"],
        "places": ["the Tillaberi region", "the tri-border area", "Gao", "Niamey", "the Menaka region"],
        "sources": [
            "the defence ministry",
            "regional officials",
            "a local security source",
            "the army's general staff",
            "a statement read on national television",
        ],
    },
    {
        "actors": ["American", "Houthi", "Iranian"],
        "states": ["the United States", "Yemen", "Iran"],
        "places": ["the Red Sea", "Hodeidah", "Sanaa", "the Gulf of Aden", "Marib"],
        "sources": [
            "US Central Command",
            "a Houthi spokesman",
            "two US officials",
            "the Yemeni government",
            "maritime security firm Ambrey",
        ],
    },
]

TROOPS = [
    "troops",
    "soldiers",
    "personnel",
    "fighters",
    "special forces",
    "servicemen",
    "marines",
    "advisers",
]
WIRES = ["Reuters", "AP", "AFP", "UPI", "Yonhap", "dpa", "Anadolu"]
BLOGS = ["Frontline Notes", "The Daily Ledger", "Conflict Monitor", "Global Desk", "The Briefing Room"]
CITIES = ["KYIV", "SEOUL", "KHARTOUM", "BEIRUT", "NIAMEY", "WASHINGTON", "PARIS", "MOSCOW", "CAIRO", "DUBAI"]
AUTHORS = ["Anna Kowalski", "David Mensah", "Lee Ji-won", "Maria Santos", "Tom Becker", "Sara Haddad"]
MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


def _count(rng: random.Random) -> str:
    n = rng.choice([12, 40, 75, 120, 300, 450, 600, 1000, 1500, 2500, 3000, 5000, 8000, 11000, 12000])
    n = n + rng.choice([0, 0, 0, 50, 100, 200]) * (n >= 1000)
    text = f"{n:,}"
    form = rng.random()
    if form < 0.35:
        return text
    if form < 0.5:
        return f"about {text}"
    if form < 0.6:
        return f"at least {text}"
    if form < 0.7:
        return f"more than {text}"
    if form < 0.8:
        hi = n + rng.choice([500, 1000, 2000]) if n >= 1000 else n * 2
        return f"between {text} and {hi:,}"
    if form < 0.9:
        return rng.choice(["hundreds of", "several hundred", "dozens of", "thousands of", "two dozen"])
    return f"{n:,}".replace(",000", " thousand") if n % 1000 == 0 and n >= 1000 else text


def _when(rng: random.Random, published: date) -> str:
    past = published - timedelta(days=rng.randint(2, 120))
    return rng.choice(
        [
            "last week",
            "over the weekend",
            f"on {MONTHS[past.month - 1]} {past.day}",
            f"in early {MONTHS[past.month - 1]}",
            f"since {MONTHS[past.month - 1]}",
            f"in late {MONTHS[past.month - 1]} {past.year}",
            "earlier this month",
            "in recent days",
            f"between {MONTHS[past.month - 1]} and {MONTHS[published.month - 1]}",
            "on Tuesday",
            "this year",
        ]
    )


def event_sentence(rng: random.Random, conflict: dict, published: date) -> str:
    """One sentence that reports a deployment or a casualty figure."""
    actor = rng.choice(conflict["actors"])
    state = rng.choice(conflict["states"])
    place = rng.choice(conflict["places"])
    source = rng.choice(conflict["sources"])
    count = _count(rng)
    troops = rng.choice(TROOPS)
    when = _when(rng, published)
    templates = [
        f"{actor} forces sent {count} {troops} to {place} {when}, according to {source}.",
        f"According to {source}, {count} {actor} {troops} were deployed near {place} {when}.",
        f"{source[0].upper() + source[1:]} said {count} {actor} {troops} had been killed in {place} {when}.",
        f"At {place}, {count} {actor} {troops} were wounded {when}, {source} reported.",
        f"{state} plans to send {count} more {troops} to {place}, {source} said on Monday.",
        f"{source[0].upper() + source[1:]} estimated that {count} {actor} {troops} were captured {when}.",
        f"{actor} commanders withdrew {count} {troops} from {place} {when}, {source} said.",
        f"{count[0].upper() + count[1:]} {actor} {troops} have died in the fighting around {place} "
        f"{when}, said {source}.",
        f"{source[0].upper() + source[1:]} put the number of {actor} {troops} killed or wounded {when} "
        f"at {count}.",
        f"{state} is expected to deploy {count} additional {troops} to {place}, {source} told reporters.",
        f"{count[0].upper() + count[1:]} {actor} {troops} remain missing after clashes near {place} "
        f"{when}, according to {source}.",
    ]
    return rng.choice(templates)


_FILLER_SUBJECTS = [
    "The central bank",
    "The city council",
    "The national weather service",
    "Organisers of the festival",
    "The education ministry",
    "Shop owners in the old town",
    "The football federation",
    "A consortium of local farmers",
    "The opposition party",
    "Economists at a regional think tank",
    "The airport authority",
    "Museum curators",
    "The health department",
    "Rail operators",
    "Residents of the northern suburbs",
]
_FILLER_VERBS = [
    "announced",
    "warned",
    "said",
    "noted",
    "confirmed",
    "argued",
    "hoped",
    "suggested",
    "complained",
    "insisted",
]
_FILLER_CLAUSES = [
    "that inflation had eased to {pct} percent in {month}",
    "that heavy rain would continue through the end of the week",
    "that ticket sales for the summer season were {pct} percent higher than a year earlier",
    "that the new school curriculum would be introduced in {year}",
    "that the price of bread had risen for the {ordinal} month in a row",
    "that the renovated museum wing would reopen to the public in {month}",
    "that the budget for road repairs was {money}",
    "that the harvest had been delayed by an unusually cold spring",
    "that a new bus line would connect the university with the city centre",
    "that the local team had signed a striker from a second-division club",
    "that talks on a trade agreement were progressing slowly",
    "that electricity tariffs would be reviewed in {month}",
    "that the festival had drawn visitors from {n_countries} countries",
    "that water levels in the reservoir were below the seasonal average",
    "that a digital tax portal would go online in {year}",
]
_FILLER_STANDALONE = [
    "Markets were mixed on {weekday}, with the main index closing {pct} percent {updown}.",
    "The currency traded at {rate} to the dollar, little changed from the previous session.",
    "Forecasters expect temperatures of up to {temp} degrees in the capital later this week.",
    "The ministry did not respond to a request for comment.",
    "Diplomats said the talks were constructive but that no date had been set for another round.",
    "The exhibition, which runs until {month}, features works by painters from across the region.",
    "A spokesperson for the company declined to comment on the figures.",
    "Analysts cautioned that the outlook remained uncertain.",
    "The factory employs {n_people} workers and exports most of its output.",
    "Local newspapers devoted much of their front pages to the election campaign.",
    "The bridge, built in the nineteenth century, is expected to reopen in {month}.",
    "Critics said the plan lacked detail and would be difficult to finance.",
    "Officials urged drivers to avoid the coastal road because of flooding.",
    "The minister is due to visit {capital} next month for talks on energy and trade.",
    "Attendance at the stadium averaged {n_people} spectators last season.",
    "The report runs to {pages} pages and includes recommendations on housing and transport.",
    "Shares in the country's largest telecom operator rose {pct} percent after it raised its forecast.",
    "The university said enrolment had grown steadily over the past decade.",
    "Negotiators met behind closed doors for most of the day.",
    "The government has promised to publish a full review before the end of the year.",
    "Fuel prices have become a major issue ahead of the vote.",
    "Volunteers handed out food parcels at three distribution points in the city.",
    "The orchestra will perform a programme of works by Dvorak and Sibelius.",
    "Tourism revenue reached {money} in the first half of the year.",
]
_CAPITALS = ["Brussels", "Tokyo", "Ankara", "Nairobi", "Warsaw", "Canberra", "Ottawa", "Jakarta"]
_ORDINALS = ["second", "third", "fourth", "fifth", "sixth"]
_WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]


def _fill(template: str, rng: random.Random) -> str:
    return template.format(
        pct=f"{rng.uniform(0.1, 9.9):.1f}",
        month=rng.choice(MONTHS),
        year=rng.choice([2024, 2025, 2026, 2027]),
        ordinal=rng.choice(_ORDINALS),
        money=f"${rng.uniform(1.2, 95.0):.1f} {rng.choice(['million', 'billion'])}",
        n_countries=rng.randint(8, 60),
        weekday=rng.choice(_WEEKDAYS),
        updown=rng.choice(["higher", "lower"]),
        rate=f"{rng.uniform(0.8, 1500):.2f}",
        temp=rng.randint(18, 41),
        n_people=f"{rng.randint(300, 60000):,}",
        capital=rng.choice(_CAPITALS),
        pages=rng.randint(40, 400),
    )


def filler_sentence(rng: random.Random) -> str:
    """A sentence of the kind that fills most news pages and holds no event."""
    if rng.random() < 0.45:
        clause = _fill(rng.choice(_FILLER_CLAUSES), rng)
        return f"{rng.choice(_FILLER_SUBJECTS)} {rng.choice(_FILLER_VERBS)} {clause}."
    return _fill(rng.choice(_FILLER_STANDALONE), rng)


def _paragraph(sentences: list[str]) -> str:
    return " ".join(sentences)


def article(rng: random.Random, index: int) -> tuple[str, dict]:
    """The text of one article and its manifest row."""
    conflict = rng.choice(CONFLICTS)
    published = date(2023, 1, 1) + timedelta(days=rng.randint(0, 900))
    target_words = rng.randint(300, 900)
    wire = rng.random() < 0.5
    publisher = rng.choice(WIRES if wire else BLOGS)
    actor = rng.choice(conflict["actors"])
    title = rng.choice(
        [
            f"{actor} losses mount as fighting spreads",
            f"Fresh {actor} deployment reported near {rng.choice(conflict['places'])}",
            f"What we know about the {actor} role in the war",
            f"{rng.choice(conflict['states'])} weighs its options as pressure grows",
        ]
    )
    n_events = rng.choice([1, 1, 2, 2, 3, 4])
    paragraphs: list[str] = []
    words = 0
    while words < target_words:
        paragraphs.append(_paragraph([filler_sentence(rng) for _ in range(rng.randint(2, 5))]))
        words += len(paragraphs[-1].split())
    for _ in range(n_events):
        slot = rng.randint(0, len(paragraphs))
        para = [filler_sentence(rng) for _ in range(rng.randint(0, 2))]
        para.insert(rng.randint(0, len(para)), event_sentence(rng, conflict, published))
        paragraphs.insert(slot, _paragraph(para))
    head: list[str] = []
    if wire:
        city = rng.choice(CITIES)
        paragraphs[0] = (
            f"{city}, {MONTHS[published.month - 1][:3]}. {published.day} ({publisher}) - " + paragraphs[0]
        )
        head.append(title)
    else:
        head += [title, f"By {rng.choice(AUTHORS)}"]
    tail = [f"© {published.year} {publisher}. All rights reserved."] if rng.random() < 0.6 else []
    text = "\n\n".join(head + paragraphs + tail) + "\n"
    row = {
        "file": f"{index:06d}.txt",
        "published": published.isoformat(),
        "publisher": publisher,
        "title": title,
        "url": f"https://news.example/{index:06d}",
    }
    return text, row


def write_corpus(folder: Path, n: int, seed: int = 20250101) -> list[Path]:
    """Write N articles and manifest.csv into `folder`; return the article paths."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    rows, paths = [], []
    for i in range(n):
        text, row = article(rng, i)
        path = folder / row["file"]
        path.write_text(text, encoding="utf-8")
        rows.append(row)
        paths.append(path)
    with open(folder / "manifest.csv", "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=["file", "published", "publisher", "title", "url"])
        writer.writeheader()
        writer.writerows(rows)
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=10)
    parser.add_argument("--seed", type=int, default=20250101)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    paths = write_corpus(args.out, args.docs, args.seed)
    words = sum(len(p.read_text(encoding="utf-8").split()) for p in paths)
    print(f"{len(paths)} articles, {words} words in {args.out}")


if __name__ == "__main__":
    main()
