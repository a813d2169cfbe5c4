"""IMAER 6.0 GML in and out: farm animal housing sources for AERIUS Calculator, and the
receptor depositions of AERIUS result files.

The writer follows the files AERIUS Calculator 2024.0.1 exports (tests/cases/aerius_2024):
the XML declaration with ``standalone="yes"``, the root ``imaer:FeatureCollectionCalculator``
with the namespaces xsi, xlink, imaer (``http://imaer.aerius.nl/6.0``) and gml
(``http://www.opengis.net/gml/3.2``) in that order, ``gml:id="NL.IMAER.Collection"`` and
``xsi:schemaLocation="http://imaer.aerius.nl/6.0 https://imaer.aerius.nl/6.0/IMAER.xsd"``;
metadata (project year, situation name/reference/type, AERIUS and database version); then one
``featureMember`` per source in the element order identifier, label,
emissionSourceCharacteristics (heatContent, emissionHeight, spread), geometry, emission (NH3,
NOX, PM10, NO2), animalHousing..., established.

A registry farm becomes one ``FarmAnimalHousingSource`` (sector 4110) at its location (a point;
the registry holds no barn outlines), with the AERIUS standard characteristics of sector 4110
(table ``aerius_source_characteristics``) and one ``animalHousing`` per barn. A code of the
Omgevingsregeling (``HA4.100``) is written as ``StandardFarmAnimalHousing``; a Rav code
(``A4.100``, not known to AERIUS 2024) as ``CustomFarmAnimalHousing`` with its Rav factor
[kg NH3/animal/yr] and a description that starts with ``Rav <code>:`` so that the import gives
the code back.

References
----------
IMAER 6.0 schema, https://imaer.aerius.nl/6.0/IMAER.xsd (AERIUS, as published in the
aerius/IMAER-java repository, ``source/imaer-gml/src/main/resources/imaer/6.0/IMAER.xsd``): element
names and order; its test files ``gml/v6_0/roundtrip/farm_animal_housing.gml`` (Standard and
Custom animal housing) and ``farm_with_custom_animal.gml`` (``animalType="A"`` for cows);
AERIUS result GML: ``ReceptorPoint receptorPointId`` with ``result/CalculationResult
resultType="DEPOSITION" substance="NH3"`` per receptor.
"""

from veekompas.store.imaer.farms import export_farms, farm_source
from veekompas.store.imaer.read import parse
from veekompas.store.imaer.records import (
    SCHEMA_LOCATION,
    SITUATION_TYPES,
    AnimalHousing,
    EmissionSource,
    ImaerDocument,
    Metadata,
)
from veekompas.store.imaer.write import dump

__all__ = [
    "SCHEMA_LOCATION",
    "SITUATION_TYPES",
    "AnimalHousing",
    "EmissionSource",
    "ImaerDocument",
    "Metadata",
    "dump",
    "export_farms",
    "farm_source",
    "parse",
]
