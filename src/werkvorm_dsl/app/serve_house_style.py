"""The house style page of `werkvorm serve` and its requests: try a draft, upload a logo, save.

Every request that sends something carries the page's token and comes from serve's own page (the
guard of serve.py checks both); the upload and the save are writes, refused with --alleen-lezen.
"""

from __future__ import annotations

from werkvorm_dsl.app.editing import EditRefused, printable
from werkvorm_dsl.app.house_style_editing import (
    DEFAULT_COLOURS,
    KEEP_LOGO,
    Draft,
    Uploads,
    font_missing_note,
    page_state,
    preview,
    save,
    tried,
)
from werkvorm_dsl.output.house_style import MOST_BYTES

PAGE = "/huisstijl"


def routes(folder: str, guard, read_only: bool, policy: str) -> list:
    """The page and its requests, for create_app's route list; `guard` is serve's (token, origin, size)."""
    from starlette.concurrency import run_in_threadpool
    from starlette.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response
    from starlette.routing import Route

    from werkvorm_dsl.output.render import html_asset, render

    uploads = Uploads()

    async def page(request):
        state = await run_in_threadpool(page_state, folder)
        form = state["form"]
        config = {
            "pagina": "huisstijl",
            "token": guard.token,
            "versie": form.version,
            "alleenLezen": read_only or bool(form.refusal),
            "logo": KEEP_LOGO if form.logo_name else "",
            "standaardKleuren": DEFAULT_COLOURS,
        }
        html = render("serve_huisstijl.html", **state, folder=printable(folder), read_only=read_only, config=config)
        return HTMLResponse(html, headers={"Content-Security-Policy": policy, "Cache-Control": "no-store"})

    async def try_draft(request):
        draft = Draft.of(await guard.body(request, writes=False))
        style, problems = await run_in_threadpool(tried, folder, draft, uploads)
        html = await run_in_threadpool(preview, style)
        return JSONResponse(
            {"voorbeeld": html, "meldingen": problems, "lettertype": font_missing_note(draft.font)},
            headers={"Cache-Control": "no-store"},
        )

    async def upload(request):
        content = await guard.upload(request, MOST_BYTES)
        key, logo = await run_in_threadpool(uploads.add, content)
        return JSONResponse(
            {
                "logo": key,
                "soort": logo.kind,
                "adres": logo.data_uri,
                "verwijderd": list(logo.removed),
                "melding": upload_note(logo.kind, list(logo.removed)),
            },
            status_code=201,
        )

    async def save_form(request):
        body = await guard.body(request, writes=True)
        version = body.get("versie", "")
        if not isinstance(version, str):
            raise EditRefused(400, "E545", "Dit verzoek kan ik niet lezen; ik voer het niet uit.", "Ververs de pagina.")
        new_version, rest = await run_in_threadpool(save, folder, Draft.of(body), version, uploads)
        return JSONResponse({"versie": new_version, "meldingen": rest})

    async def font(request):
        data = html_asset(request.path_params["name"])  # the preview's Lato, by exact name only
        if data is None:
            return PlainTextResponse("Niet gevonden.", status_code=404)
        return Response(data, media_type="font/ttf", headers={"Cache-Control": "max-age=3600"})

    return [
        Route(PAGE, page),
        Route("/api/huisstijl/voorbeeld", try_draft, methods=["POST"]),
        Route("/api/huisstijl/logo", upload, methods=["POST"]),
        Route("/api/huisstijl/opslaan", save_form, methods=["POST"]),
        # The preview is a frame's srcdoc on /huisstijl: its 'fonts/Lato-Regular.ttf' asks for /fonts/….
        Route("/fonts/{name}", font),
    ]


def upload_note(kind: str, removed: list[str]) -> str:
    """What the author hears after choosing a logo, in words."""
    if kind != "svg":
        return "Het logo is gelezen. Sla de huisstijl op om het te gebruiken."
    if not removed:
        return "Het SVG-logo is gelezen en nagekeken; er hoefde niets uit. Sla de huisstijl op om het te gebruiken."
    listed = removed[0] if len(removed) == 1 else ", ".join(removed[:-1]) + " en " + removed[-1]
    return (
        f"Het SVG-logo is schoongemaakt: eruit gehaald is {listed}. De tekening zelf blijft. "
        "Kijk in het voorbeeld of het logo er goed uitziet, en sla de huisstijl op om het te gebruiken."
    )
