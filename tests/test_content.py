"""The shipped content carries every fact of the two source articles, in our own words.

The checklist below was written from the articles in `../shared/sources/`; each entry names the
sector, the field the fact lives in, and words that must appear there. If an edit drops a fact,
the entry for it fails.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from sectorlint import source
from tests.conftest import ROOT
from tests.conftest import SHIPPED as CONTENT  # this file checks the shipped content's facts


def load(sector: str) -> dict[str, Any]:
    """The shipped sector the sources call `sector`, found by id, name or alias (a team may
    rename its files and ids: the facts must stay, wherever they are)."""
    wanted = _loose(sector)
    for path in sorted(CONTENT.glob("*.y*ml")):
        parsed = source.read(str(path))
        data = parsed.document.data if parsed.document is not None else {}
        names = [data.get(k) for k in ("id", "name", "short_name")] + list(data.get("aliases", []))
        if any(isinstance(n, str) and _loose(n) == wanted for n in names):
            return data
    raise AssertionError(f"no shipped sector is called {sector!r}")


def _loose(name: str) -> str:
    return " ".join(name.replace("-", " ").casefold().split())


def flat_text(value: Any) -> str:
    if isinstance(value, dict):
        return " ".join(flat_text(v) for v in value.values())
    if isinstance(value, list):
        return " ".join(flat_text(v) for v in value)
    return str(value)


# (sector, field, words that must all appear in that field, case-insensitive)
# fmt: off
CHECKLIST: list[tuple[str, str, tuple[str, ...]]] = [
    # What each sector is
    ("bpo", "definition", ("outside", "non-core", "customer service", "payroll", "accounting", "IT support")),
    ("call-center", "definition", ("subset of BPO", "customers", "email", "chat", "social media")),
    ("it", "definition", ("computers", "networks", "software", "digital tools", "information", "not tied to outsourcing", "every modern business")),
    # Features
    ("bpo", "features", ("front-office", "back-office", "data processing")),
    ("bpo", "features", ("onshore", "nearshore", "offshore")),
    ("bpo", "features", ("repetitive", "specialist", "outside experts")),
    ("bpo", "features", ("data entry", "content moderation", "finance and accounting")),
    ("bpo", "features", ("end to end", "whole function")),
    ("bpo", "features", ("globally", "time zones")),
    ("bpo", "features", ("many industries",)),
    ("call-center", "features", ("customer service", "telemarketing", "technical support", "lead generation")),
    ("call-center", "features", ("Inbound", "questions", "complaints")),
    ("call-center", "features", ("Outbound", "sell", "surveys", "feedback")),
    ("call-center", "features", ("one industry", "technical support", "sales", "healthcare")),
    ("call-center", "features", ("settling their issues",)),
    ("it", "features", ("Develops", "maintains", "supports")),
    ("it", "features", ("software development", "cybersecurity", "database management", "IT consulting")),
    ("it", "features", ("IT-enabled services (ITES)",)),
    # Structured facts
    ("bpo", "delivery_models", ("onshore", "nearshore", "offshore")),
    ("bpo", "service_areas", ("front-office", "back-office")),
    ("call-center", "service_areas", ("front-office",)),
    ("call-center", "channels", ("phone", "email", "chat", "social-media")),
    ("call-center", "operating_formats", ("inbound", "outbound")),
    ("call-center", "delivery_models", ("offshore",)),
    ("bpo", "industry_focus", ("cross-industry",)),
    ("call-center", "industry_focus", ("specialized",)),
    # Popular sectors, use cases and IT services
    ("bpo", "use_cases", ("Healthcare", "Medical billing", "Banking and finance", "Fraud detection", "Retail", "Order management")),
    ("call-center", "use_cases", ("Telecom", "Customer support", "E-commerce", "orders", "Banking", "credit cards", "loans")),
    ("call-center", "use_cases", ("Healthcare",)),
    ("it", "offerings", ("Application development and maintenance", "Cloud computing and storage", "IT infrastructure management")),
    ("bpo", "offerings", ("Customer support", "Payroll", "Finance and accounting", "Human resources", "Data entry", "Content moderation")),
    # Key Differences table: every cell
    ("bpo", "summary", ("non-core", "business processes")),
    ("call-center", "summary", ("BPO", "interacting with customers")),
    ("it", "summary", ("Developing", "managing", "technology")),
    ("bpo", "scope", ("broad",)),
    ("bpo", "scope_detail", ("front-office", "back-office")),
    ("call-center", "scope", ("narrow",)),
    ("call-center", "scope_detail", ("Customer service", "sales")),
    ("it", "scope", ("broad",)),
    ("it", "scope_detail", ("Digital infrastructure", "services")),
    ("bpo", "core_functions", ("Payroll", "Accounting", "Customer service")),
    ("call-center", "core_functions", ("inbound customer calls", "outbound customer calls")),
    ("it", "core_functions", ("Software development", "Cybersecurity")),
    ("bpo", "tech_dependency", ("medium",)),
    ("call-center", "tech_dependency", ("high",)),
    ("call-center", "tech_dependency_detail", ("multi-channel support",)),
    ("it", "tech_dependency", ("very-high",)),
    ("bpo", "examples", ("Data entry", "HR outsourcing")),
    ("call-center", "examples", ("Technical support", "Telemarketing")),
    ("it", "examples", ("AI development", "IT consulting")),
    # How they work together
    ("call-center", "relations", ("bpo", "key part", "outsourcing customer support")),
    ("it", "relations", ("bpo", "IT-enabled services (ITES)")),
    ("bpo", "relations", ("it", "IT-enabled services (ITES)")),
    ("it", "relations", ("CRM", "AI", "cloud computing")),
    ("it", "relations", ("call-center", "analytics dashboards", "routing of calls")),
    ("bpo", "combined_use", ("Bank", "back-office operations", "E-commerce", "logistics")),
    ("call-center", "combined_use", ("Bank", "customers", "E-commerce", "orders")),
    ("it", "combined_use", ("Bank", "IT infrastructure", "data secure", "E-commerce", "website")),
    # Benefits (the "Key Benefits" lists and the "Benefits of Each Sector" section)
    ("bpo", "benefits", ("Cost reduction", "labour costs less")),
    ("bpo", "benefits", ("Efficiency", "Repetitive tasks", "specialist providers")),
    ("bpo", "benefits", ("Focus on core activities", "strategic work")),
    ("bpo", "benefits", ("Access to skilled talent",)),
    ("call-center", "benefits", ("Direct line to customers",)),
    ("call-center", "benefits", ("Customer retention", "satisfaction", "loyalty to the brand")),
    ("call-center", "benefits", ("Market insights", "Feedback")),
    ("call-center", "benefits", ("Global reach", "Offshore", "24/7")),
    ("call-center", "benefits", ("Lower operating costs",)),
    ("it", "benefits", ("Innovation", "newest technologies", "efficiency")),
    ("it", "benefits", ("Security", "sensitive data")),
    ("it", "benefits", ("Scalability", "grows")),
    ("it", "benefits", ("Technical support", "every industry")),
    # Challenges
    ("bpo", "challenges", ("Data security", "breach")),
    ("bpo", "challenges", ("Communication barriers", "culture", "language", "Offshore")),
    ("bpo", "challenges", ("Dependence on providers", "quality", "outsourcing partner")),
    ("call-center", "challenges", ("High attrition", "turnover", "continuity")),
    ("call-center", "challenges", ("Customer dissatisfaction", "Slow answers", "poorly trained agents", "brand")),
    ("call-center", "challenges", ("Technology dependency", "investment in technology")),
    ("it", "challenges", ("Cyber threats", "Hacking", "data breaches")),
    ("it", "challenges", ("High costs", "up-front investment")),
    ("it", "challenges", ("Rapid change", "keep learning")),
    # Careers
    ("bpo", "careers", ("Data Analyst", "HR Specialist", "Supply Chain Coordinator")),
    ("call-center", "careers", ("Customer Service Representative", "Technical Support Executive", "Call Center Manager")),
    ("it", "careers", ("Software Developer", "Cybersecurity Specialist", "IT Consultant")),
    # Future trends
    ("bpo", "trends", ("automation", "robotic process automation (RPA)")),
    ("bpo", "trends", ("Analytics", "insights", "decisions")),
    ("call-center", "trends", ("AI-powered support", "Chatbots", "virtual assistants")),
    ("call-center", "trends", ("Omnichannel", "Calls", "email", "social media")),
    ("it", "trends", ("AI and machine learning", "automation", "data analysis")),
    ("it", "trends", ("Edge computing", "faster", "close to where")),
    ("it", "trends", ("Blockchain", "security", "transparency")),
    # The five FAQs
    ("call-center", "faqs", ("same services as a BPO provider", "wider range")),
    ("bpo", "faqs", ("only for large companies", "every size", "small and mid-sized")),
    ("call-center", "faqs", ("back-office work", "call center", "BPO providers are better equipped")),
    ("bpo", "faqs", ("across borders", "several countries", "regions")),
    ("bpo", "faqs", ("call center or a BPO provider", "customer support", "wider mix")),
]
# fmt: on


@pytest.mark.parametrize(("sector", "field", "words"), CHECKLIST)
def test_fact_is_in_the_content(sector: str, field: str, words: tuple[str, ...]) -> None:
    text = flat_text(load(sector).get(field, "")).lower()
    if field == "relations":  # the sectors a relation names, by the ids they have now
        words = tuple(load(w)["id"] if w in ("bpo", "call-center", "it") else w for w in words)
    missing = [word for word in words if word.lower() not in text]
    assert missing == [], f"{sector}.{field} lost: {missing}"


@pytest.mark.parametrize("sector", ["bpo", "call-center", "it"])
def test_every_sector_cites_the_comparison_article(sector: str) -> None:
    titles = [s["title"] for s in load(sector)["sources"]]
    assert "BPO vs Call Center vs IT: Understanding the Differences and Similarities" in titles


@pytest.mark.parametrize("sector", ["bpo", "call-center"])
def test_call_center_and_bpo_cite_the_guide(sector: str) -> None:
    assert "Call center vs BPO" in [s["title"] for s in load(sector)["sources"]]


SOURCES = ROOT.parent / "shared" / "sources"
RUN = 8  # words in a row that would mean a sentence was pasted


def word_runs(text: str) -> set[tuple[str, ...]]:
    words = re.findall(r"[a-z0-9]+", text.lower())
    return {tuple(words[i : i + RUN]) for i in range(len(words) - RUN + 1)}


@pytest.mark.skipif(not SOURCES.is_dir(), reason="the source articles live outside the project")
@pytest.mark.parametrize("sector", ["bpo", "call-center", "it"])
def test_no_sentence_is_pasted_from_the_articles(sector: str) -> None:
    articles = set().union(*(word_runs(p.read_text()) for p in sorted(SOURCES.glob("0*.txt"))))
    data = load(sector)
    data.pop("sources")  # citations repeat titles on purpose
    pasted = [" ".join(run) for text in _strings(data) for run in word_runs(text) & articles]
    assert pasted == []


def _strings(value: Any) -> list[str]:
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return [value] if isinstance(value, str) else []


def test_content_holds_the_sources_three_sectors() -> None:
    """A team may add sectors, and rename files and ids; the three the sources compare stay."""
    for sector in ("bpo", "call-center", "it"):
        assert load(sector)
