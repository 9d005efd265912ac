"""The rates of a synthetic population register, with the real figures they follow.

Every default is either a published figure (the source is named beside it) or a stated
assumption (marked *assumption*, with the reasoning); ``docs/synth.md`` lists them all with
the rates measured on generated data.

>>> PopulationRates().twin_deliveries
0.008
>>> round(sum(AGE_SHARES_2019.values()), 6)
100.0
"""

from __future__ import annotations

from dataclasses import dataclass, fields

__all__ = ["AGE_SHARES_2019", "CENSUS_BROAD_AGE_SHARES", "PopulationRates"]

#: Published broad age groups of the 2019 census (GSO, *Results of the Viet Nam Population
#: and Housing Census of 00:00 hours on 1 April 2019*, ch. 4.6): under 15 years 24.3 %,
#: 15–64 years 68.0 %, 65 and over 7.7 %.
CENSUS_BROAD_AGE_SHARES = {"0-14": 24.3, "15-64": 68.0, "65+": 7.7}

_FIVE_YEAR = {  # approximate 5-year shares read off the census pyramid (Figure 4.6)
    0: 8.4, 5: 8.6, 10: 7.3, 15: 6.6, 20: 7.0, 25: 8.1, 30: 8.4, 35: 7.9, 40: 7.2, 45: 6.6,
    50: 5.9, 55: 5.2, 60: 4.1, 65: 2.9, 70: 1.8, 75: 1.2, 80: 1.8,
}


def _scaled() -> dict[int, float]:
    groups = {"0-14": (0, 5, 10), "15-64": tuple(range(15, 65, 5)), "65+": (65, 70, 75, 80)}
    out: dict[int, float] = {}
    for g, starts in groups.items():
        total = sum(_FIVE_YEAR[s] for s in starts)
        for s in starts:
            out[s] = _FIVE_YEAR[s] * CENSUS_BROAD_AGE_SHARES[g] / total
    return out


#: Share (%) of the population by 5-year age group at the 2019 census (key: the group's first
#: age; 80 is 80 and over). The split inside each broad group is read off the census pyramid
#: and scaled so that the broad groups equal :data:`CENSUS_BROAD_AGE_SHARES` exactly.
AGE_SHARES_2019: dict[int, float] = _scaled()


@dataclass(frozen=True)
class PopulationRates:
    """Rates of the population register that :func:`generate_population` draws.

    Households (2019 census: 96.2 M people in 26.9 M households, 3.58 people each): the
    household kinds below give a mean of about 3.6. Inter-provincial migration (2019 census,
    ch. 7.1: 3.2 % of people aged 5+ moved province in the 5 years before the census; 2.7 %
    moved within a district, 1.4 % between districts).

    >>> r = PopulationRates(twin_deliveries=0.0)
    >>> r.twin_deliveries, r.family_shares
    (0.0, 'published')
    >>> PopulationRates(twin_deliveries=8.0)
    Traceback (most recent call last):
    ValueError: PopulationRates.twin_deliveries must be in [0, 1], not 8.0
    """

    #: household kinds (assumption, tuned to the census mean size 3.58): one person, a couple,
    #: a couple with children, one parent with children, three generations
    single: float = 0.09
    couple: float = 0.11
    nuclear: float = 0.47
    single_parent: float = 0.06
    three_generation: float = 0.27
    #: twin deliveries per delivery: Smits & Monden (2011, "Twinning across the developing
    #: world", PLoS ONE 6(9) e25239) place South-East Asia among the low-twinning regions,
    #: below 10 per 1,000 deliveries; same-sex share 2/3 (monozygotic pairs plus half of
    #: dizygotic pairs, Weinberg's rule)
    twin_deliveries: float = 0.008
    twins_same_sex: float = 0.67
    #: a son given his father's or paternal grandfather's full name (assumption: Vietnamese
    #: custom avoids it, yet real registers show same-named fathers and sons, issue #17)
    son_named_like_father: float = 0.02
    son_named_like_grandfather: float = 0.01
    #: siblings of one sex share one middle name (assumption: common family practice)
    siblings_share_middle: float = 0.5
    #: people born before 1975 (and 1975–1994) whose whole middle name is the traditional
    #: Văn / Thị (assumption: in the 2021 school lists Thị is the first middle word of 66 %
    #: of girls but the whole middle name of only 25 %; older cohorts used it alone far more)
    traditional_middle_before_1975: float = 0.6
    traditional_middle_1975_1995: float = 0.3
    #: ``"published"``: family names follow Lê Trung Hoa's published shares (Nguyễn 38.4 %,
    #: Trần 12.1 %, …, 90.1 % for the top 14) and the rest the counted sample; ``"sample"``:
    #: the counted sample alone (school lists and forum, Nguyễn 25 %)
    family_shares: str = "published"
    #: given names: counted frequency raised to this power (1.0 = the counts as they are)
    given_name_sharpening: float = 1.0
    #: birth-date heaping: the register holds 1 January of the right year (assumption: late
    #: registration of older people without a known day; day and month unknown)
    jan1_born_before_1960: float = 0.20
    jan1_born_1960_1979: float = 0.06
    jan1_born_after_1979: float = 0.01
    #: the register holds the birth year only (assumption)
    year_only_born_before_1960: float = 0.05
    year_only_born_after_1959: float = 0.005
    #: CCCD province (birth registration) differs from the province of residence: lifetime
    #: inter-provincial migrants (assumption from 3.2 % per 5 years, census ch. 7.1)
    born_in_other_province: float = 0.15
    #: people born before 2003 (14, the CMND age, when the CCCD took over in 2016) who also
    #: held a 9-digit CMND, kept as ``old_id_number`` (assumption: most adults held one)
    cmnd_holders: float = 0.7
    #: adults (16–74) with their own mobile number; older people share the household's
    own_phone_adults: float = 0.85
    own_phone_elderly: float = 0.4
    #: households whose members without a phone of their own give the head's number
    household_phone: float = 0.9
    #: share of households whose address the register holds in the 2025 units (34 provinces,
    #: two tiers) rather than the legacy units (63 provinces, three tiers) (assumption: an
    #: extract taken around the 1 July 2025 reform holds both)
    address_2025_units: float = 0.4

    def __post_init__(self) -> None:
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, float) and f.name != "given_name_sharpening" and not (
                    0.0 <= value <= 1.0):
                raise ValueError(f"PopulationRates.{f.name} must be in [0, 1], not {value}")
        if self.single + self.couple + self.nuclear + self.single_parent \
                + self.three_generation <= 0:
            raise ValueError("PopulationRates: the household kinds must not all be 0")
        if self.family_shares not in ("published", "sample"):
            raise ValueError(f"PopulationRates.family_shares is 'published' or 'sample', "
                             f"not {self.family_shares!r}")
