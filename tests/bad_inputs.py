"""Bad farm inputs shared by the CLI and API tests: (id, farm mapping, expected message). The
same mistake gets the same Dutch wording in both (reasons_nl.py)."""

LOCHEM_ANIMALS = {"melk_en_kalfkoeien": 137}

BAD_FARMS = [
    (
        "negative-count",
        {"situations": {"huidig": {"animals": {"melk_en_kalfkoeien": -3}}}},
        "situations.huidig.animals.melk_en_kalfkoeien: -3 valt buiten het bereik; "
        "aantallen dieren zijn gehele getallen van 0 tot en met 10.000.000",
    ),
    (
        "fractional-count",
        {"situations": {"huidig": {"animals": {"melk_en_kalfkoeien": 137.5}}}},
        "situations.huidig.animals.melk_en_kalfkoeien: 137.5 is geen geheel getal; "
        "aantallen dieren zijn gehele getallen van 0 tot en met 10.000.000",
    ),
    (
        "unknown-category",
        {"situations": {"huidig": {"animals": {"melkkoeien": 137}}}},
        "situations.huidig.animals.melkkoeien: onbekende diercategorie 'melkkoeien'; "
        "bedoelt u melk_en_kalfkoeien? Toegestaan: jongvee_vrouwelijk_1_tot_2_jaar, "
        "jongvee_vrouwelijk_jonger_dan_1_jaar, melk_en_kalfkoeien",
    ),
    (
        "unknown-norm-year",
        {"norm_year": 2015, "situations": {"huidig": {"animals": LOCHEM_ANIMALS}}},
        "norm_year: geen NGE-normen voor 2015; jaren met normen: 2010",
    ),
    (
        "empty-farm",
        {"name": "Leeg", "situations": {}},
        "situations: het bedrijf heeft geen situaties; geef er ten minste één (bijv. huidig) met "
        "dieren of gewassen",
    ),
    (
        "negative-area",
        {"situations": {"huidig": {"crops": {"snijmais": {"ha": -5}}}}},
        "situations.huidig.crops.snijmais.ha: -5 valt buiten het bereik; "
        "oppervlakten zijn aantallen hectaren van 0 tot en met 10.000",
    ),
    (
        "crop-as-animal",
        {"situations": {"huidig": {"animals": {"snijmais": 5}}}},
        "situations.huidig.animals.snijmais: 'snijmais' is een gewas (ha), geen dier",
    ),
    (
        "own-fodder-without-livestock",
        {"situations": {"huidig": {"crops": {"snijmais": {"ha": 5, "own_fodder": True}}}}},
        "situations.huidig.crops.snijmais.own_fodder: true, maar de situatie heeft geen "
        "graasdieren die het voer gebruiken; zet own_fodder: false of voeg de dieren toe",
    ),
    (
        "unknown-field",
        {"situations": {"huidig": {"animals": LOCHEM_ANIMALS, "dieren": {}}}},
        "situations.huidig.dieren: is geen bekend veld",
    ),
]
