"""`werkvorm serve`: a live preview on 127.0.0.1 that refreshes when a werkvorm is saved."""

from __future__ import annotations

import asyncio
import base64
import contextlib
import hashlib
import hmac
import json
import os
import re
import secrets
import sys
from collections import OrderedDict
from dataclasses import dataclass, field

from werkvorm_dsl.app.cards import State, card, fault_card, grouped, sentence, shown_name, state_of, unreadable_state
from werkvorm_dsl.app.editing import (
    MAX_EDIT_BYTES,
    MAX_UNDERLINES,
    EditRefused,
    previews_of,
    printable,
    report,
    title_of,
    with_note,
)
from werkvorm_dsl.language.source import UnreadableFile, collect
from werkvorm_dsl.pipeline import check_file
from werkvorm_dsl.system.files import reason
from werkvorm_dsl.system.names import slug_for
from werkvorm_dsl.taal.live import Availability, LiveTaal

HOST = "127.0.0.1"  # a preview for the author at this computer, never for the network
GRACE_SECONDS = 1  # how long a Ctrl-C waits for pages that are still being sent
TOKEN_HEADER = "x-werkvorm-token"
# Pages of ours run only our own script; a preview frame (srcdoc) inherits this and runs none.
PAGE_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'unsafe-inline'; img-src 'self' data:; "
    "font-src 'self' data:; connect-src 'self'; frame-src 'self'; form-action 'self'; base-uri 'none'; "
    "frame-ancestors 'self'"
)
OUTPUT_POLICY = PAGE_POLICY.replace("script-src 'self'", "script-src 'none'")
# The live view's own clock: the one <script> without a type. Its plan is a JSON data block, which never runs.
CLOCK_SCRIPT = re.compile(r"<script>(.*?)</script>", re.S)


def live_view_policy(html: str) -> str:
    """The outputs' policy, but the live view's clock may run: that script alone, by its hash."""
    hashes = [hashlib.sha256(code.encode("utf-8")).digest() for code in CLOCK_SCRIPT.findall(html)]
    allowed = " ".join(f"'sha256-{base64.b64encode(digest).decode('ascii')}'" for digest in hashes) or "'none'"
    return OUTPUT_POLICY.replace("script-src 'none'", f"script-src {allowed}")


@dataclass
class Preview:
    """One werkvorm as the preview shows it: diagnostics, and its outputs when it has no errors."""

    path: str
    slug: str
    title: str
    errors: int
    warnings: int
    report: str  # diagnostics as the terminal shows them
    pages: dict  # output name -> HTML
    cards: list = field(default_factory=list)  # the same diagnostics as the page shows them (cards.py)
    note: str = ""  # what else the author should know: a house style left out of the preview
    state: State = field(default_factory=lambda: State("ok", "in orde", ""))
    # The date, start time and participants the form shows (see occasion.current).
    occasion: dict = field(default_factory=lambda: {"datum": "", "begintijd": "", "deelnemers": ""})
    variants: list[str] = field(default_factory=list)  # the names of its variants: the downloads offer each


def preview(path: str, root: str | None = None) -> Preview:
    """The werkvorm's page in serve; `root` is the served folder (a house style is read only inside
    it, and the page names the file by its place in it)."""
    from werkvorm_dsl.app.occasion import current

    slug = slug_for(path)
    shown = shown_name(root, path) if root is not None else printable(path)
    try:
        checked = check_file(path)
    except UnreadableFile as problem:
        unreadable = fault_card(problem.code, problem.message, problem.hint)
        return Preview(
            shown,
            slug,
            printable(os.path.basename(path)),
            1,
            0,
            printable(str(problem)),
            {},
            [unreadable],
            state=unreadable_state(problem.code),
        )
    errors = sum(d.is_error for d in checked.diagnostics)
    pages, note = previews_of(checked, path, root)
    return Preview(
        shown,
        slug,
        title_of(checked, path),
        errors,
        len(checked.diagnostics) - errors,
        with_note(report(checked), note),
        pages or {},
        [card(d) for d in checked.diagnostics[:MAX_UNDERLINES]],
        note,
        state_of(checked.diagnostics),
        current(checked.werkvorm),
        [variant.name for variant in checked.werkvorm.variants] if checked.werkvorm is not None else [],
    )


def werkvormen_inside(folder: str) -> list[str]:
    """The werkvormen in the folder whose real place is inside it too: a link to a file elsewhere
    is never read, so its contents (a first line in an error report) cannot reach the browser."""
    root = os.path.realpath(folder)
    try:
        found = collect([folder])
    except UnreadableFile:
        return []
    return [path for path in found if os.path.commonpath([root, os.path.realpath(path)]) == root]


def shared_addresses(folder: str) -> list[EditRefused]:
    """Each address more than one werkvorm in the folder would get: serve does not start with one."""
    from werkvorm_dsl.app.editing import shared_address

    by_address: dict[str, list[str]] = {}
    for path in werkvormen_inside(folder):
        by_address.setdefault(slug_for(path), []).append(path)
    return [shared_address(folder, paths) for paths in by_address.values() if len(paths) > 1]


def create_app(folder: str, port: int, read_only: bool = False):
    from starlette.applications import Starlette
    from starlette.concurrency import run_in_threadpool
    from starlette.middleware import Middleware
    from starlette.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response, StreamingResponse
    from starlette.routing import Route

    from werkvorm_dsl.app import editing, serve_house_style, sidebar
    from werkvorm_dsl.output.render import render

    changes = _Changes(folder)
    shown_folder = printable(os.path.basename(os.path.abspath(folder)))  # its name, not its whole path
    guard = _Guard(secrets.token_urlsafe(32), port, read_only)
    downloads = editing.Downloads(folder)
    script = _editor_script()
    taal = LiveTaal(on_ready=lambda: _say_once_when_spelling_is_off(taal))

    checks = sidebar.Checks()
    drafts = editing.DraftCache()
    turns = _Turns()

    def listed() -> list[sidebar.Entry]:
        return sidebar.entries(folder, werkvormen_inside(folder), checks)

    def path_of(request) -> str:
        return editing.werkvorm_path(folder, request.path_params["slug"], werkvormen_inside)

    def chosen_preview(slug: str) -> Preview | None:
        """Only the werkvorm asked for is built; the list beside it needs no previews. An address
        two werkvormen share opens neither (E505)."""
        found = [path for path in werkvormen_inside(folder) if slug_for(path) == slug]
        if len(found) > 1:
            raise editing.shared_address(folder, found)
        return preview(found[0], folder) if found else None

    def config(page: str, slug: str = "", loaded: editing.Loaded | None = None) -> dict:
        return {
            "pagina": page,
            "token": guard.token,
            "slug": slug,
            "versie": loaded.version if loaded else "",
            "alleenLezen": read_only or bool(loaded and loaded.refusal),
            "taal": editing.language(),
        }

    def listing(chosen: Preview | None, found: list[sidebar.Entry], status: int = 200, loaded=None):
        html = render(
            "serve.html",
            previews=found,
            folder=shown_folder,
            chosen=chosen,
            card_groups=grouped(chosen.cards) if chosen else [],
            state_sentence=sentence(chosen.state) if chosen else "",
            editor=loaded,
            read_only=read_only,
            config=config("werkvorm" if chosen else "index", chosen.slug if chosen else "", loaded),
        )
        return HTMLResponse(html, status_code=status, headers={"Content-Security-Policy": PAGE_POLICY})

    async def index(request):
        return listing(None, await run_in_threadpool(listed))

    async def page(request):
        chosen = await run_in_threadpool(chosen_preview, request.path_params["slug"])
        found = await run_in_threadpool(listed)
        if chosen is None:
            return listing(None, found, 404)
        try:
            loaded = editing.load(path_of(request))
        except (EditRefused, UnreadableFile):
            loaded = None  # gone since the listing, or unreadable: the report says why
        return listing(chosen, found, 200, loaded)

    async def output(request):
        chosen = await run_in_threadpool(chosen_preview, request.path_params["slug"])
        html = chosen.pages.get(request.path_params["name"]) if chosen else None
        if html is None:
            return PlainTextResponse("Niet gevonden.", status_code=404)
        return HTMLResponse(html, headers={"Content-Security-Policy": OUTPUT_POLICY})

    async def text(request):
        loaded = editing.load(path_of(request))
        return JSONResponse({"tekst": loaded.text, "versie": loaded.version}, headers={"Cache-Control": "no-store"})

    async def newest_draft(request, work) -> JSONResponse:
        """`work(path, text, previews wanted, variant)` for the editor's draft, in its page's turn; a draft that
        a newer one from the same page overtook is answered 'verouderd' without any work."""
        body = await guard.body(request, writes=False)
        text, wanted, path = _text_field(body, "tekst"), _previews_field(body), path_of(request)
        variant = _variant_field(body)
        async with turns.turn(*_draft_number(body)) as newest:
            answer = await run_in_threadpool(work, path, text, wanted, variant) if newest else {"verouderd": True}
        return JSONResponse(answer, headers={"Cache-Control": "no-store"})

    async def check(request):
        return await newest_draft(
            request,
            lambda path, text, wanted, variant: editing.check_draft(path, text, taal, folder, wanted, drafts, variant),
        )

    async def preview_of_draft(request):  # after a key's diagnostics, the previews in view
        return await newest_draft(
            request,
            lambda path, text, wanted, variant: editing.preview_draft(path, text, folder, wanted, drafts, variant),
        )

    async def save(request):
        body = await guard.body(request, writes=True)
        version = editing.save(path_of(request), _text_field(body, "tekst"), _text_field(body, "versie"))
        return JSONResponse({"versie": version})

    async def new(request):
        body = await guard.body(request, writes=True)
        path = editing.create(folder, _text_field(body, "naam"), werkvormen_inside(folder))
        return JSONResponse({"adres": f"/werkvorm/{slug_for(path)}"}, status_code=201)

    async def importeer(request):
        from werkvorm_dsl.app.serve_import import import_into  # the office readers: only on an import

        body = await guard.body(request, writes=True)
        content, text = body.get("inhoud"), body.get("tekst")
        if not isinstance(content, str) and not isinstance(text, str):
            raise EditRefused(400, "E545", "Dit verzoek kan ik niet lezen; ik voer het niet uit.", "Ververs de pagina.")
        path = await run_in_threadpool(
            import_into,
            folder,
            _text_field(body, "naam"),
            content if isinstance(content, str) else None,
            text if isinstance(text, str) else None,
            werkvormen_inside(folder),
        )
        return JSONResponse({"adres": f"/werkvorm/{slug_for(path)}"}, status_code=201)

    async def download_list(request):
        guard.same_site(request)
        variant = _variant_asked(request)
        files = await run_in_threadpool(downloads.files, path_of(request), variant)
        return JSONResponse(_download_listing(request.path_params["slug"], files, variant))

    async def live_view(request):
        guard.same_site(request)
        name = "zaal" if request.url.path.endswith("/zaal") else "leiden"
        html = await run_in_threadpool(editing.live_view, path_of(request), name)
        policy = live_view_policy(html)
        return HTMLResponse(html, headers={"Content-Security-Policy": policy, "Cache-Control": "no-store"})

    async def download(request):
        guard.same_site(request)
        variant = _variant_asked(request)
        files = await run_in_threadpool(downloads.files, path_of(request), variant)
        name = request.path_params["name"]
        if name not in files:
            return PlainTextResponse("Niet gevonden.", status_code=404)
        attachment = f'attachment; filename="{_file_slug(request.path_params["slug"], variant)}-{name}"'
        return Response(files[name], media_type=_media_type(name), headers={"Content-Disposition": attachment})

    async def editor_script(request):
        return Response(script, media_type="text/javascript", headers={"Cache-Control": "no-cache"})

    async def asset(request):
        from starlette.responses import Response

        from werkvorm_dsl.output.render import html_asset

        name = request.path_params["name"]
        data = html_asset(name)  # only the packaged fonts and their licence, by exact name
        if data is None:
            return PlainTextResponse("Niet gevonden.", status_code=404)
        kind = "font/ttf" if name.endswith(".ttf") else "text/plain; charset=utf-8"
        return Response(data, media_type=kind, headers={"Cache-Control": "max-age=3600"})

    async def events(request):
        return StreamingResponse(
            changes.stream(request), media_type="text/event-stream", headers={"Cache-Control": "no-store"}
        )

    async def refused(request, refusal: EditRefused):
        return JSONResponse(refusal.as_json(), status_code=refusal.status)

    async def unreadable(request, fault: UnreadableFile):
        return JSONResponse({"code": fault.code, "melding": str(fault)}, status_code=404)

    async def system_fault(request, error: OSError):  # a file gone or a disk failing mid-request: no traceback
        refusal = EditRefused(
            500,
            "E509",
            f"Het systeem gaf een fout: {reason(error)}.",
            "Probeer het opnieuw; blijft het gebeuren, vraag dan uw beheerder om hulp.",
        )
        return JSONResponse(refusal.as_json(), status_code=500)

    routes = [
        Route("/", index),
        Route("/werkvorm/{slug}", page),
        Route("/werkvorm/{slug}/{name}.html", output),
        Route("/werkvorm/{slug}/downloads", download_list),
        Route("/werkvorm/{slug}/leiden", live_view),
        Route("/werkvorm/{slug}/zaal", live_view),  # the room's screen the live view opens
        Route("/werkvorm/{slug}/download/{name}", download),
        Route("/api/tekst/{slug}", text),
        Route("/api/controleer/{slug}", check, methods=["POST"]),
        Route("/api/voorbeeld/{slug}", preview_of_draft, methods=["POST"]),
        Route("/api/opslaan/{slug}", save, methods=["POST"]),
        Route("/api/nieuw", new, methods=["POST"]),
        Route("/api/importeer", importeer, methods=["POST"]),
        Route("/werkvorm/{slug}/fonts/{name}", asset),
        # The editor's live preview is an iframe's srcdoc, whose base is the page /werkvorm/{slug}:
        # its 'fonts/Lato-Regular.ttf' asks for /werkvorm/fonts/…
        Route("/werkvorm/fonts/{name}", asset),
        Route("/static/editor.js", editor_script),
        Route("/events", events),
        *_writing_place_routes(folder, guard, downloads, listed, path_of),
        *serve_house_style.routes(folder, guard, read_only, PAGE_POLICY),
    ]

    @contextlib.asynccontextmanager
    async def lifespan(app):
        await changes.start()
        taal.start()  # the dictionary loads in a thread of its own: the first page does not wait for it
        try:
            yield
        finally:
            await changes.stop()

    app = Starlette(
        routes=routes,
        lifespan=lifespan,
        middleware=[Middleware(_ThisComputerOnly, port=port)],
        # Starlette types every handler as taking any Exception, though it calls each only with
        # the class it is registered for; ours take that class.
        exception_handlers={EditRefused: refused, UnreadableFile: unreadable, OSError: system_fault},  # type: ignore[dict-item]
    )
    app.state.changes = changes
    return app


def _say_once_when_spelling_is_off(taal: LiveTaal) -> None:
    """Without the Dutch dictionary serve works as before; the terminal hears so once, at start."""
    if taal.availability is Availability.OFF:
        try:
            print(f"werkvorm serve: {taal.off_note} De rest werkt gewoon.", file=sys.stderr, flush=True)
        except (OSError, ValueError):
            pass  # no terminal left to tell


def _writing_place_routes(folder: str, guard: _Guard, downloads, listed, path_of) -> list:
    """The routes that make serve the author's whole writing place (issue 21): the list of
    werkvormen in words, this occasion's facts, the word list, and every file in one zip. Every
    write shows the page's token, as the editor's own routes do."""
    from starlette.concurrency import run_in_threadpool
    from starlette.responses import JSONResponse, Response
    from starlette.routing import Route

    from werkvorm_dsl.app import occasion, word_list

    async def werkvormen(request):
        guard.same_site(request)
        found = await run_in_threadpool(listed)
        return JSONResponse({"werkvormen": [entry.as_json() for entry in found]}, headers={"Cache-Control": "no-store"})

    async def set_occasion(request):
        body = await guard.body(request, writes=False)  # nothing is written: the editor gets the text back
        try:
            given = occasion.occasion_from(body)
        except occasion.OccasionUnreadable as problem:
            raise EditRefused(400, "E548", problem.message, problem.hint) from None
        text = _text_field(body, "tekst")
        changed = await run_in_threadpool(occasion.with_occasion, text, path_of(request), given)
        return JSONResponse({"tekst": changed})

    async def add_word(request):
        body = await guard.body(request, writes=True)
        word = _text_field(body, "woord")
        added = await run_in_threadpool(word_list.add_word, path_of(request), folder, word)
        return JSONResponse({"toegevoegd": added, "woord": word})

    async def everything(request):
        guard.same_site(request)
        path, variant = path_of(request), _variant_asked(request)
        files = await run_in_threadpool(downloads.files, path, variant)
        slug = _file_slug(request.path_params["slug"], variant)
        data = await run_in_threadpool(_zip_for, slug, path, files)
        attachment = f'attachment; filename="{slug}-alles.zip"'
        return Response(data, media_type="application/zip", headers={"Content-Disposition": attachment})

    return [
        Route("/api/werkvormen", werkvormen),
        Route("/api/gelegenheid/{slug}", set_occasion, methods=["POST"]),
        Route("/api/woordenlijst/{slug}", add_word, methods=["POST"]),
        Route("/werkvorm/{slug}/alles.zip", everything),
    ]


def _zip_for(slug: str, path: str, files: dict[str, bytes]) -> bytes:
    """Every file of the saved werkvorm, and the fonts its HTML loads, as `werkvorm build` writes
    them into its folder; dated SOURCE_DATE_EPOCH when set, else when the werkvorm was saved."""
    from werkvorm_dsl.app.bundle import with_html_assets, zip_of

    epoch = int(os.environ.get("SOURCE_DATE_EPOCH", "0") or 0) or int(os.stat(path).st_mtime)
    return zip_of(slug, with_html_assets(files), epoch)


def _variant_asked(request) -> str | None:
    """'?variant=90 min': the downloads of that variant (issue 24); without it, of the base."""
    asked = request.query_params.get("variant", "").strip()
    return asked or None


def _file_slug(slug: str, variant: str | None) -> str:
    """The name a download starts with: the werkvorm's, and its variant's as `werkvorm build` names its folder."""
    from werkvorm_dsl.system.names import variant_slug

    return slug if variant is None else f"{slug}--{variant_slug(variant)}"


def _download_listing(slug: str, files: dict[str, bytes], variant: str | None = None) -> dict:
    """The files as one list (PDFs first) and by purpose, with a name a person reads, and the zip."""
    from urllib.parse import quote

    from werkvorm_dsl.app.bundle import explanation, label_of
    from werkvorm_dsl.app.bundle import grouped as by_purpose

    asked = "" if variant is None else f"?variant={quote(variant)}"

    def entry(name: str) -> dict:
        return {
            "naam": name,
            "label": label_of(name),
            "grootte": _size(len(files[name])),
            "adres": f"/werkvorm/{slug}/download/{name}{asked}",
        }

    return {
        "bestanden": [entry(name) for name in files],
        "groepen": [
            {
                "sleutel": purpose.key,
                "kop": purpose.heading,
                "uitleg": explanation(purpose, list(files)),
                "bestanden": [entry(n) for n in names],
            }
            for purpose, names in by_purpose(list(files))
        ],
        "alles": {"naam": f"{_file_slug(slug, variant)}-alles.zip", "adres": f"/werkvorm/{slug}/alles.zip{asked}"},
    }


class _Guard:
    """What a request that changes something must show: our page's token (compared in constant
    time), no other website as its origin, a JSON body within the size cap; and no writes at all
    with --alleen-lezen. A web page elsewhere cannot read the token, so it cannot write."""

    BODY_LIMIT = 3 * MAX_EDIT_BYTES  # JSON escapes may make the text a little longer on the way

    def __init__(self, token: str, port: int, read_only: bool):
        self.token, self.read_only = token, read_only
        self.origins = {f"http://{name}:{port}" for name in (HOST, "localhost")}

    def same_site(self, request) -> None:
        """Refuses what another website started; the browser says so in Origin and Sec-Fetch-Site."""
        origins = request.headers.getlist("origin")
        if (
            len(origins) > 1
            or (origins and origins[0].lower() not in self.origins)
            or request.headers.get("sec-fetch-site", "same-origin") not in ("same-origin", "none")
        ):
            raise EditRefused(
                403,
                "E540",
                "Dit verzoek komt van een andere website; ik voer het niet uit.",
                "Werk op de pagina van werkvorm serve zelf, via http://127.0.0.1.",
            )

    async def body(self, request, writes: bool) -> dict:
        self.authorised(request, writes)
        if request.headers.get("content-type", "").split(";")[0].strip().lower() != "application/json":
            raise EditRefused(415, "E545", "Dit verzoek is geen JSON; ik voer het niet uit.")
        return _json_object(await self._read(request))

    async def upload(self, request, limit: int) -> bytes:
        """A file sent as the body itself (a logo): a write, at most `limit` bytes (E544)."""
        self.authorised(request, writes=True)
        if request.headers.get("content-type", "").split(";")[0].strip().lower() != "application/octet-stream":
            raise EditRefused(415, "E545", "Dit verzoek is geen bestand; ik voer het niet uit.")
        megabytes = limit // 1_000_000
        return await self._read(
            request,
            limit,
            EditRefused(413, "E544", f"Dit bestand is groter dan {megabytes} MB.", "Kies een kleiner bestand."),
        )

    def authorised(self, request, writes: bool) -> None:
        """Refuses a request without our page's token, from elsewhere, or a write with --alleen-lezen."""
        self.same_site(request)
        given = request.headers.get(TOKEN_HEADER, "").encode("latin-1")
        if not hmac.compare_digest(given, self.token.encode("ascii")):
            raise EditRefused(
                403,
                "E540",
                "Dit verzoek komt niet van een pagina van deze werkvorm serve; ik voer het niet uit.",
                "Ververs de pagina (F5) en probeer het opnieuw.",
            )
        if writes and self.read_only:
            raise EditRefused(
                403,
                "E543",
                "werkvorm serve draait alleen-lezen (--alleen-lezen); ik verander niets.",
                "Start werkvorm serve zonder --alleen-lezen om te bewerken.",
            )

    async def _read(self, request, limit: int = BODY_LIMIT, too_big: EditRefused | None = None) -> bytes:
        if too_big is None:
            too_big = EditRefused(413, "E544", "Dit verzoek is groter dan 6 MB; zo groot is geen werkvorm.")
        declared = request.headers.get("content-length", "0")
        if not declared.isdigit() or int(declared) > limit:
            raise too_big
        chunks, size = [], 0
        async for chunk in request.stream():  # the declared length may lie: count what arrives
            size += len(chunk)
            if size > limit:
                raise too_big
            chunks.append(chunk)
        return b"".join(chunks)


def _json_object(data: bytes) -> dict:
    try:
        body = json.loads(data)
    except (ValueError, RecursionError):
        body = None
    if not isinstance(body, dict):
        raise EditRefused(400, "E545", "Dit verzoek kan ik niet lezen; ik voer het niet uit.", "Ververs de pagina.")
    return body


class _Turns:
    """One check at a time for each editor page, and only of its newest draft. A page numbers its
    drafts; a draft overtaken by a newer one from the same page is not checked: it is answered
    'verouderd' at once, even while it waits for its turn, so a typing storm never queues up work."""

    KEPT = 64  # pages remembered; an older page that comes back is simply served again

    def __init__(self):
        self.pages: OrderedDict[str, _Turn] = OrderedDict()

    @contextlib.asynccontextmanager
    async def turn(self, page: str | None, number: int):
        """Yields True when this draft is its page's newest once its turn comes, else False."""
        if page is None:  # a caller that numbers nothing (a script, an older page): checked at once, as ever
            yield True
            return
        turn = self.pages.setdefault(page, _Turn())
        self.pages.move_to_end(page)
        self._forget_idle_pages()
        if number <= turn.newest:  # arrived after a newer one, or twice
            yield False
            return
        turn.newest = number
        turn.wake()  # a draft that waited is overtaken now: it leaves
        if turn.busy:
            woken = turn.waiting = asyncio.Event()
            await woken.wait()  # until the check before it ends, or a newer draft overtakes it
            if number != turn.newest or turn.busy:
                yield False
                return
        turn.busy = True
        try:
            yield True
        finally:
            turn.busy = False
            turn.wake()

    def _forget_idle_pages(self) -> None:
        idle = [page for page, turn in self.pages.items() if not turn.busy and turn.waiting is None]
        for page in idle[: max(0, len(self.pages) - self.KEPT)]:
            del self.pages[page]


@dataclass
class _Turn:
    """Whose turn it is among one page's drafts waiting to be checked."""

    newest: int = -1  # the number of the newest draft the page sent
    busy: bool = False  # one of its drafts is being checked
    waiting: asyncio.Event | None = None  # set to wake the draft that waits for its turn

    def wake(self) -> None:
        if self.waiting is not None:
            self.waiting.set()
            self.waiting = None


def _draft_number(body: dict) -> tuple[str | None, int]:
    """The page that sent a draft and the draft's number on that page, if it said them."""
    page, number = body.get("pagina"), body.get("volgnummer")
    if page is None and number is None:
        return None, 0
    if not isinstance(page, str) or not 0 < len(page) <= 64 or type(number) is not int or number < 0:
        raise EditRefused(400, "E545", "Dit verzoek kan ik niet lezen; ik voer het niet uit.", "Ververs de pagina.")
    return page, number


def _previews_field(body: dict) -> tuple[str, ...]:
    """The previews the page shows now (those in view); all of them when it does not say."""
    from werkvorm_dsl.app.editing import PREVIEWS

    wanted = body.get("voorbeelden", list(PREVIEWS))
    if not isinstance(wanted, list) or not all(isinstance(name, str) and name in PREVIEWS for name in wanted):
        raise EditRefused(400, "E545", "Dit verzoek kan ik niet lezen; ik voer het niet uit.", "Ververs de pagina.")
    return tuple(name for name in PREVIEWS if name in wanted)


def _variant_field(body: dict) -> str | None:
    """The variant the preview shows (issue 24); None (or "") for the base."""
    given = body.get("variant", "")
    if not isinstance(given, str):
        raise EditRefused(400, "E545", "Dit verzoek kan ik niet lezen; ik voer het niet uit.", "Ververs de pagina.")
    return given.strip() or None


def _text_field(body: dict, name: str) -> str:
    value = body.get(name)
    if not isinstance(value, str):
        raise EditRefused(400, "E545", "Dit verzoek kan ik niet lezen; ik voer het niet uit.", "Ververs de pagina.")
    return value


def _size(count: int) -> str:
    return f"{count} bytes" if count < 1024 else f"{(count + 1023) // 1024} kB"


MEDIA_TYPES = {
    "pdf": "application/pdf",
    "html": "text/html; charset=utf-8",
    "md": "text/markdown; charset=utf-8",
    "txt": "text/plain; charset=utf-8",
    "json": "application/json",
    "ics": "text/calendar; charset=utf-8",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "odt": "application/vnd.oasis.opendocument.text",
}


def _media_type(name: str) -> str:
    return MEDIA_TYPES.get(name.rpartition(".")[2], "application/octet-stream")


def _editor_script() -> bytes:
    with open(
        os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "assets", "editor.js"), "rb"
    ) as handle:
        return handle.read()


class _ThisComputerOnly:
    """Answers only requests addressed to 127.0.0.1 or localhost on our port. A web page elsewhere
    can make its own name point at 127.0.0.1 (DNS rebinding), but its requests then still carry
    its own name as Host, so they get a short refusal instead of the author's previews."""

    def __init__(self, app, port: int):
        self.app, self.port = app, port
        self.allowed = {f"{name}{suffix}" for name in (HOST, "localhost") for suffix in ("", f":{port}")}

    async def __call__(self, scope, receive, send):
        if scope["type"] == "lifespan":
            await self.app(scope, receive, send)
            return
        if self._addressed_to_us(scope):
            await self.app(scope, receive, _with_safety_headers(send))
            return
        from starlette.responses import PlainTextResponse

        refusal = f"Dit voorbeeld is alleen te zien op deze computer, via http://{HOST}:{self.port}/."
        await PlainTextResponse(refusal, status_code=400)(scope, receive, send)

    def _addressed_to_us(self, scope) -> bool:
        hosts = [value.decode("latin-1").lower() for name, value in scope["headers"] if name == b"host"]
        return scope["type"] == "http" and len(hosts) == 1 and hosts[0] in self.allowed


SAFETY_HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"cross-origin-resource-policy", b"same-origin"),
    (b"x-frame-options", b"SAMEORIGIN"),
]


def _with_safety_headers(send):
    """Every answer: no guessing of types, no referrer, not readable or framed by other sites, and
    a content policy (ours when the route set none) that lets only our own script run."""

    async def sending(message):
        if message["type"] == "http.response.start":
            headers = list(message.get("headers", []))
            if not any(name == b"content-security-policy" for name, _ in headers):
                headers.append((b"content-security-policy", PAGE_POLICY.encode()))
            message = {**message, "headers": headers + SAFETY_HEADERS}
        await send(message)

    return sending


class _Changes:
    """Watches the folder and tells every open page, through server-sent events, to refresh."""

    def __init__(self, folder: str):
        self.folder = folder
        self.version = 0
        self.changed = asyncio.Event()
        self.task: asyncio.Task | None = None
        self.stopping = False
        self.loop: asyncio.AbstractEventLoop | None = None

    def stop_streams(self) -> None:
        """Ctrl-C: end every open stream, so the server need not wait for pages that never leave.
        Called from the signal handler, hence through the loop's thread-safe door."""
        self.stopping = True
        if self.loop is not None:
            self.loop.call_soon_threadsafe(self.changed.set)

    async def start(self):
        self.loop = asyncio.get_running_loop()
        self.changed = asyncio.Event()
        self.task = asyncio.create_task(self.watch())

    async def stop(self):
        if self.task:
            self.task.cancel()

    async def watch(self):
        from watchfiles import awatch

        async for _changes in awatch(
            self.folder, debounce=100, step=50, watch_filter=lambda change, path: path.endswith(".werkvorm")
        ):
            self.version += 1
            self.changed.set()
            self.changed = asyncio.Event()

    async def stream(self, request):
        seen = self.version
        yield "retry: 500\n\n"
        while not self.stopping and not await request.is_disconnected():
            waiting = self.changed
            try:
                await asyncio.wait_for(waiting.wait(), timeout=10)
            except TimeoutError:
                yield ": nog hier\n\n"  # a comment line keeps the connection open through proxies
                continue
            if self.stopping:
                return
            if self.version != seen:
                seen = self.version
                yield f"data: {seen}\n\n"


def run(args) -> int:
    try:
        # What is missing is said before anything starts.
        import starlette  # noqa: F401
        import uvicorn  # noqa: F401
        import watchfiles  # noqa: F401
    except ImportError:
        print(
            "werkvorm: voor 'werkvorm serve' ontbreken starlette, uvicorn en watchfiles; "
            "installeer ze met: pip install 'werkvorm-dsl[serve]'",
            file=sys.stderr,
        )
        return 2
    folder = args.path
    if not os.path.isdir(folder):
        print(f"werkvorm: {folder}: dit is geen map; geef de map met uw werkvormen.", file=sys.stderr)
        return 2
    if not _port_free(args.port):
        other = args.port + 1 if args.port < 65535 else args.port - 1
        print(
            f"werkvorm: poort {args.port} is al in gebruik; kies een andere, bijvoorbeeld --port {other}.",
            file=sys.stderr,
        )
        return 2
    clashes = shared_addresses(folder)
    for clash in clashes:
        print(f"werkvorm: fout[{clash.code}]: {clash.message} Tip: {clash.hint}", file=sys.stderr)
    if clashes:
        return 2
    read_only = getattr(args, "alleen_lezen", False)
    mode = "alleen lezen; " if read_only else ""
    print(f"Voorbeeld op http://{HOST}:{args.port}/ ({mode}stoppen met Ctrl+C)", flush=True)
    _serve_until_ctrl_c(create_app(folder, args.port, read_only), args.port)
    print("werkvorm: voorbeeld gestopt.", file=sys.stderr)
    return 130


def _serve_until_ctrl_c(app, port: int) -> None:
    import uvicorn

    changes = app.state.changes

    class PreviewServer(uvicorn.Server):
        def handle_exit(self, sig, frame):
            changes.stop_streams()
            if not self.should_exit:
                # A second Ctrl-C would make uvicorn skip the app's own shutdown and print its
                # tracebacks; with the streams ended, the first one stops us within a second anyway.
                super().handle_exit(sig, frame)

    config = uvicorn.Config(app, host=HOST, port=port, log_level="warning", timeout_graceful_shutdown=GRACE_SECONDS)
    try:
        PreviewServer(config).run()
    except KeyboardInterrupt:  # uvicorn raises the Ctrl-C again once it has shut down cleanly
        pass


def _port_free(port: int) -> bool:
    import socket

    with socket.socket() as probe:
        # As uvicorn binds: with SO_REUSEADDR, so that the connections of a server stopped a moment
        # ago (TIME_WAIT, for about a minute after Ctrl-C with a tab still open) do not count as a
        # port in use; only a socket that still listens there does.
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((HOST, port))
        except OSError:
            return False
    return True
