"""Bad farm inputs shared by the CLI and API tests: (id, farm mapping, expected message)."""

LOCHEM_ANIMALS = {"melk_en_kalfkoeien": 137}

BAD_FARMS = [
    (
        "negative-count",
        {"situations": {"huidig": {"animals": {"melk_en_kalfkoeien": -3}}}},
        "situations.huidig.animals.melk_en_kalfkoeien: -3 is out of range; "
        "animal counts are whole numbers from 0 to 10000000",
    ),
    (
        "fractional-count",
        {"situations": {"huidig": {"animals": {"melk_en_kalfkoeien": 137.5}}}},
        "situations.huidig.animals.melk_en_kalfkoeien: 137.5 is not a whole number; "
        "animal counts are whole numbers from 0 to 10000000",
    ),
    (
        "unknown-category",
        {"situations": {"huidig": {"animals": {"melkkoeien": 137}}}},
        "situations.huidig.animals.melkkoeien: unknown animal category 'melkkoeien'; "
        "did you mean: melk_en_kalfkoeien? Allowed: jongvee_vrouwelijk_1_tot_2_jaar, "
        "jongvee_vrouwelijk_jonger_dan_1_jaar, melk_en_kalfkoeien",
    ),
    (
        "unknown-norm-year",
        {"norm_year": 2015, "situations": {"huidig": {"animals": LOCHEM_ANIMALS}}},
        "norm_year: no NGE norms for 2015; years with norms: 2010",
    ),
    (
        "empty-farm",
        {"name": "Leeg", "situations": {}},
        "situations: the farm has no situations; give at least one (e.g. huidig) with animals "
        "or crops",
    ),
    (
        "negative-area",
        {"situations": {"huidig": {"crops": {"snijmais": {"ha": -5}}}}},
        "situations.huidig.crops.snijmais.ha: -5 is out of range; "
        "areas are numbers of hectares from 0 to 10000",
    ),
    (
        "crop-as-animal",
        {"situations": {"huidig": {"animals": {"snijmais": 5}}}},
        "situations.huidig.animals.snijmais: 'snijmais' is a product of crops (ha), not of animals",
    ),
    (
        "own-fodder-without-livestock",
        {"situations": {"huidig": {"crops": {"snijmais": {"ha": 5, "own_fodder": True}}}}},
        "situations.huidig.crops.snijmais.own_fodder: true, but the situation has no grazing "
        "livestock to use the fodder; set own_fodder: false or add the animals",
    ),
    (
        "unknown-field",
        {"situations": {"huidig": {"animals": LOCHEM_ANIMALS, "dieren": {}}}},
        "situations.huidig.dieren: is not a known field",
    ),
]
