"""The JSON API gives exactly what the command line gives, and the OpenAPI models describe it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from aiohttp.test_utils import TestClient
from pydantic import BaseModel

from bot.web.api_models import AnswerResponse, AskResponse, ErrorResponse
from tests.web.conftest import TODAY

ROOT = Path(__file__).resolve().parents[2]

CASES = [
    ["--region", "乌鲁木齐", "--identity", "低保", "--paid-on", "2023-12-01"],
    ["--region", "酉阳", "--identity", "低保", "--tier", "2", "--paid-on", "2023-12-05"],
    ["--region", "屯留", "--born-on", "2023-10-02", "--paid-on", "2023-11-10"],
    ["--region", "乌拉特前旗", "--identity", "特困", "--identity", "低保", "--student", "university",
     "--as-of", "2024-03-01"],
]


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "bot", *args], capture_output=True, text=True, cwd=ROOT,
                          timeout=60, env={"PATH": "/usr/bin:/bin", "YIBAO_AS_OF": TODAY.isoformat(),
                                           "YIBAO_CACHE_DIR": "off"})


def as_query(args: list[str]) -> list[tuple[str, str]]:
    return [(args[i].removeprefix("--").replace("-", "_"), args[i + 1]) for i in range(0, len(args), 2)]


def strict(model: type[BaseModel], data: object) -> None:
    model.model_validate_json(json.dumps(data), strict=True)


@pytest.mark.parametrize("args", CASES)
async def test_the_api_answer_is_the_cli_answer(client: TestClient, args: list[str]) -> None:
    response = await client.get("/api/answer", params=as_query(args))
    assert response.status == 200, await response.text()
    data = await response.json()
    run = cli("answer", *args, "--json")
    assert run.returncode == 0, run.stderr
    assert data == json.loads(run.stdout)
    strict(AnswerResponse, data)


@pytest.mark.parametrize("args", [
    ["--region", "火星"],
    ["--region", "酉阳", "--tier", "9"],
    ["--region", "酉阳", "--paid-on", "2023-02-30"],
    ["--region", "乌鲁木齐", "--identity", "宇航员"],
    ["--region", "酉阳", "--student", "kindergarten"],
    ["--region", "屯留", "--born-on", "2024-01-02", "--paid-on", "2023-11-10"],
    ["--region", "酉阳", "--as-of", "yesterday"],
])
async def test_bad_input_is_400_with_the_cli_message(client: TestClient, args: list[str]) -> None:
    response = await client.get("/api/answer", params=as_query(args))
    assert response.status == 400
    data = await response.json()
    strict(ErrorResponse, data)
    run = cli("answer", *args, "--json")
    assert run.returncode == 2
    assert data["error"] == run.stderr.strip()


@pytest.mark.parametrize("query", ["", "?identity=低保", "?region=酉阳&region=屯留",
                                   "?region=酉阳&colour=red"])
async def test_malformed_queries_are_400_json(client: TestClient, query: str) -> None:
    response = await client.get("/api/answer" + query)
    assert response.status == 400
    strict(ErrorResponse, await response.json())


@pytest.mark.parametrize("text", ["酉阳 低保 二档 12月5号交多少", "乌鲁木齐怎么交", "你好", "屯留 新生儿",
                                  "屯留 两个低保 一个特困 一共多少钱", "我和老伴都是低保"])
async def test_the_api_ask_is_the_cli_ask(client: TestClient, text: str) -> None:
    response = await client.post("/api/ask", json={"text": text, "today": "2023-11-01"})
    assert response.status == 200
    data = await response.json()
    run = cli("ask", text, "--today", "2023-11-01", "--json")
    assert data == json.loads(run.stdout)
    strict(AskResponse, data)


async def test_ask_without_today_uses_the_servers_today(client: TestClient) -> None:
    data = await (await client.post("/api/ask", json={"text": "酉阳 低保 二档 今天交多少"})).json()
    assert data["understood"]["paid_on"] == TODAY.isoformat()


@pytest.mark.parametrize("body", [b"not json", b"[1]", b'{"text": 5}', b'{"txt": "x"}',
                                  b'{"text": "x", "today": "someday"}'])
async def test_bad_ask_bodies_are_400_json(client: TestClient, body: bytes) -> None:
    response = await client.post("/api/ask", data=body, headers={"Content-Type": "application/json"})
    assert response.status == 400
    strict(ErrorResponse, await response.json())


async def test_an_id_number_in_an_ask_is_masked(client: TestClient) -> None:
    response = await client.post("/api/ask", json={"text": "身份证650102199001011234 酉阳交多少"})
    assert "650102199001011234" not in await response.text()


async def test_the_openapi_document_names_the_models(client: TestClient) -> None:
    doc = await (await client.get("/api/openapi.json")).json()
    assert doc["openapi"].startswith("3.1")
    schemas = doc["components"]["schemas"]
    assert {"AnswerResponse", "AskResponse", "AskRequest", "ErrorResponse"} <= set(schemas)
    params = {p["name"] for p in doc["paths"]["/api/answer"]["get"]["parameters"]}
    assert params == {"region", "identity", "born_on", "student", "tier", "paid_on", "as_of"}
    assert set(schemas["AnswerResponse"]["properties"]) == set(AnswerResponse.model_fields)


async def test_the_models_refuse_a_drifted_response(client: TestClient) -> None:
    data = await (await client.get("/api/answer", params={"region": "酉阳", "paid_on": "2023-12-01"})).json()
    data["surprise"] = 1
    with pytest.raises(ValueError):
        strict(AnswerResponse, data)
