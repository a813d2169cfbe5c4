"""A housing code is checked against the NH3 table in force, as the omgevingsscan checks it
(calc.emissions.check_housing): the import (every format), the API's POST/PUT and the CLI refuse
an unknown code naming close codes, and store nothing."""

from __future__ import annotations

from test_bounded_values import good_farm
from typer.testing import CliRunner

from veekompas.cli import app
from veekompas.store import exchange

CSV = """\
record,ubn,name,municipality,x_rd,y_rd,intent,stalsysteem_code,animal_category,dierplaatsen
farm,900001,Goed,Ede,172000,460000,blijver,,,
housing,900001,,,,,,A9.999,vleeskalveren,300
housing,900001,,,,,,A4.100,A1,300
"""


def test_an_unknown_code_is_a_row_problem_naming_close_codes():
    parsed = exchange.parse(CSV.encode(), "csv")
    assert parsed.farms == []
    found = {(p.row, p.field, p.value) for p in parsed.problems}
    assert found == {(3, "stalsysteem_code", "A9.999"), (4, "animal_category", "A1")}
    unknown = next(p for p in parsed.problems if p.row == 3)
    assert "did you mean: A1.9" in unknown.reason
    assert "ammonia_emission_factors@" in unknown.reason  # the table version in force


def test_every_format_checks_the_code():
    farm = exchange.parse(CSV.replace("A9.999", "A4.100").replace(",A1,", ",A4,").encode(), "csv")
    assert farm.problems == [] and len(farm.farms) == 1
    bad = farm.farms[0].model_copy(
        update={
            "housings": (
                farm.farms[0].housings[0].model_copy(update={"stalsysteem_code": "A9.999"}),
            )
        }
    )
    for fmt in exchange.FORMATS:
        parsed = exchange.parse(exchange.dump([bad], fmt), fmt)
        assert parsed.farms == [], fmt
        assert [p.field.rsplit(".", 1)[-1] for p in parsed.problems] == ["stalsysteem_code"], fmt


def test_the_cli_import_refuses_it_in_dutch_and_writes_nothing(tmp_path):
    path = tmp_path / "register.csv"
    path.write_text(CSV, encoding="utf-8")
    env = {"VEEKOMPAS_DATA_DIR": str(tmp_path / "nieuw")}
    done = CliRunner().invoke(app, ["farms", "import", str(path)], env=env)
    assert done.exit_code == 2
    lines = done.stderr.splitlines()
    assert lines[0].startswith(
        "fout: rij 3, stalsysteem_code = 'A9.999': onbekende Rav-code 'A9.999' in "
        "ammonia_emission_factors@"
    )
    assert "bedoelt u A1.9" in lines[0]
    assert (
        lines[1]
        == "fout: rij 4, animal_category = 'A1': 'A1' past niet bij Rav-code A4.100 (categorie A4)"
    )
    listed = CliRunner().invoke(app, ["farms", "list"], env=env)
    assert "Bedrijven (0)" in listed.stdout


def test_the_api_refuses_an_unknown_code_on_post_and_put(registry_app):
    c, h = registry_app.client, registry_app.as_("admin")
    body = good_farm()
    body["housings"][0]["stalsysteem_code"] = "A9.999"
    answer = c.post("/api/v1/farms", json=body, headers=h)
    assert answer.status_code == 422
    detail = answer.json()["detail"]
    assert detail.startswith("housings.0.stalsysteem_code: onbekende Rav-code 'A9.999'")
    assert "bedoelt u" in detail
    assert c.get("/api/v1/farms/9999999", headers=h).status_code == 404
    created = c.post("/api/v1/farms", json=good_farm(), headers=h)
    assert created.status_code == 201
    stored = created.json()
    stored["housings"][0]["stalsysteem_code"] = "A9.999"
    answer = c.put("/api/v1/farms/9999999", json=stored, headers=h)
    assert answer.status_code == 422
    assert answer.json()["detail"].startswith("housings.0.stalsysteem_code: onbekende Rav-code")
    again = c.get("/api/v1/farms/9999999", headers=h).json()
    assert again["housings"][0]["stalsysteem_code"] == "A4.100"
