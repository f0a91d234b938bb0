"""`/api/openapi.json`: an OpenAPI 3.1 document generated from the pydantic models."""

from __future__ import annotations

from functools import cache
from typing import Any

from pydantic.json_schema import models_json_schema

from bot.web.api_models import AnswerQuery, AnswerResponse, AskRequest, AskResponse, ErrorResponse

_REF = "#/components/schemas/{model}"


def _ref(model: type) -> dict[str, str]:
    return {"$ref": _REF.format(model=model.__name__)}


def _json(model: type, description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": _ref(model)}}}


def _query_parameters() -> list[dict[str, Any]]:
    schema = AnswerQuery.model_json_schema(ref_template=_REF)
    required = set(schema.get("required", []))
    out = []
    for name, prop in schema["properties"].items():
        param: dict[str, Any] = {"name": name, "in": "query", "required": name in required,
                                 "schema": {k: v for k, v in prop.items() if k != "description"}}
        if "description" in prop:
            param["description"] = prop["description"]
        if prop.get("type") == "array":
            param.update(style="form", explode=True)
        out.append(param)
    return out


@cache
def document() -> dict[str, Any]:
    _, defs = models_json_schema(
        [(m, "validation") for m in (AnswerQuery, AskRequest, AnswerResponse, AskResponse, ErrorResponse)],
        ref_template=_REF,
    )
    bad = _json(ErrorResponse, "bad input: the command line's one-line message")
    limited = _json(ErrorResponse, "too many requests from this client")
    return {
        "openapi": "3.1.0",
        "info": {"title": "医保缴费助手 API", "version": "1",
                 "description": "城乡居民基本医疗保险缴费：同 `python -m bot answer/ask --json`。"},
        "paths": {
            "/api/answer": {"get": {
                "summary": "One situation's answer (the `answer --json` object)",
                "parameters": _query_parameters(),
                "responses": {"200": _json(AnswerResponse, "the answer"), "400": bad, "429": limited},
            }},
            "/api/ask": {"post": {
                "summary": "A typed question (the `ask --json` object)",
                "requestBody": {"required": True,
                                "content": {"application/json": {"schema": _ref(AskRequest)}}},
                "responses": {"200": _json(AskResponse, "what was understood and the reply"),
                              "400": bad, "429": limited},
            }},
        },
        "components": {"schemas": defs["$defs"]},
    }
