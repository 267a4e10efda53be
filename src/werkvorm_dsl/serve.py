"""`werkvorm serve`: a live preview on 127.0.0.1 that refreshes when a werkvorm is saved."""

from __future__ import annotations

import asyncio
import contextlib
import os
import sys
from dataclasses import dataclass

from .build_outputs import Context, slug_for
from .diagnostics import render_text
from .pipeline import check_file, has_errors
from .source import UnreadableFile, collect

HOST = "127.0.0.1"  # a preview for the author at this computer, never for the network
GRACE_SECONDS = 1  # how long a Ctrl-C waits for pages that are still being sent


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


def preview(path: str) -> Preview:
    from . import registry
    from .schedule import plan

    slug, shown = slug_for(path), printable(path)
    try:
        checked = check_file(path)
    except UnreadableFile as problem:
        return Preview(shown, slug, printable(os.path.basename(path)), 1, 0, printable(str(problem)), {})
    diagnostics = checked.diagnostics
    errors = sum(d.is_error for d in diagnostics)
    report = printable("\n\n".join(render_text(d, checked.lines) for d in diagnostics))
    werkvorm = checked.werkvorm
    title = werkvorm.title.text if werkvorm is not None and werkvorm.title else printable(os.path.basename(path))
    pages = {}
    if not has_errors(checked):
        context = Context(werkvorm, plan(werkvorm), slug, None, os.path.dirname(os.path.abspath(path)), 0)
        for name in ("draaiboek", "deelnemers"):
            pages[name] = registry.get(name).render(context).files["html"]
    return Preview(shown, slug, title, errors, len(diagnostics) - errors, report, pages)


def printable(text: str) -> str:
    """A file name (or text holding one) as it can be shown: a byte that is not UTF-8, which Python
    keeps as a lone surrogate, becomes U+FFFD instead of failing the whole page."""
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def werkvormen_inside(folder: str) -> list[str]:
    """The werkvormen in the folder whose real place is inside it too: a link to a file elsewhere
    is never read, so its contents (a first line in an error report) cannot reach the browser."""
    root = os.path.realpath(folder)
    try:
        found = collect([folder])
    except UnreadableFile:
        return []
    return [path for path in found if os.path.commonpath([root, os.path.realpath(path)]) == root]


def create_app(folder: str, port: int):
    from starlette.applications import Starlette
    from starlette.middleware import Middleware
    from starlette.responses import HTMLResponse, PlainTextResponse, StreamingResponse
    from starlette.routing import Route

    from .render import render

    changes = _Changes(folder)
    shown_folder = printable(folder)

    def previews() -> list[Preview]:
        return [preview(path) for path in werkvormen_inside(folder)]

    def listing(chosen: Preview | None, found: list[Preview], status: int = 200):
        return HTMLResponse(render("serve.html", previews=found, folder=shown_folder, chosen=chosen), status_code=status)

    async def index(request):
        return listing(None, previews())

    async def page(request):
        found = previews()
        chosen = next((p for p in found if p.slug == request.path_params["slug"]), None)
        return listing(chosen, found, 200 if chosen else 404)

    async def output(request):
        chosen = next((p for p in previews() if p.slug == request.path_params["slug"]), None)
        html = chosen.pages.get(request.path_params["name"]) if chosen else None
        if html is None:
            return PlainTextResponse("Niet gevonden.", status_code=404)
        return HTMLResponse(html)

    async def asset(request):
        from starlette.responses import Response

        from .render import html_asset

        name = request.path_params["name"]
        data = html_asset(name)  # only the packaged fonts and their licence, by exact name
        if data is None:
            return PlainTextResponse("Niet gevonden.", status_code=404)
        kind = "font/ttf" if name.endswith(".ttf") else "text/plain; charset=utf-8"
        return Response(data, media_type=kind, headers={"Cache-Control": "max-age=3600"})

    async def events(request):
        return StreamingResponse(changes.stream(request), media_type="text/event-stream",
                                 headers={"Cache-Control": "no-store"})

    routes = [Route("/", index), Route("/werkvorm/{slug}", page), Route("/werkvorm/{slug}/{name}.html", output),
              Route("/werkvorm/{slug}/fonts/{name}", asset),
              Route("/events", events)]
    @contextlib.asynccontextmanager
    async def lifespan(app):
        await changes.start()
        try:
            yield
        finally:
            await changes.stop()

    app = Starlette(routes=routes, lifespan=lifespan, middleware=[Middleware(_ThisComputerOnly, port=port)])
    app.state.changes = changes
    return app


class _ThisComputerOnly:
    """Answers only requests addressed to 127.0.0.1 or localhost on our port. A web page elsewhere
    can make its own name point at 127.0.0.1 (DNS rebinding), but its requests then still carry
    its own name as Host, so they get a short refusal instead of the author's previews."""

    def __init__(self, app, port: int):
        self.app, self.port = app, port
        self.allowed = {f"{name}{suffix}" for name in (HOST, "localhost") for suffix in ("", f":{port}")}

    async def __call__(self, scope, receive, send):
        if scope["type"] == "lifespan" or self._addressed_to_us(scope):
            await self.app(scope, receive, send)
            return
        from starlette.responses import PlainTextResponse

        refusal = f"Dit voorbeeld is alleen te zien op deze computer, via http://{HOST}:{self.port}/."
        await PlainTextResponse(refusal, status_code=400)(scope, receive, send)

    def _addressed_to_us(self, scope) -> bool:
        hosts = [value.decode("latin-1").lower() for name, value in scope["headers"] if name == b"host"]
        return scope["type"] == "http" and len(hosts) == 1 and hosts[0] in self.allowed


class _Changes:
    """Watches the folder and tells every open page, through server-sent events, to refresh."""

    def __init__(self, folder: str):
        self.folder = folder
        self.version = 0
        self.changed = asyncio.Event()
        self.task = None
        self.stopping = False
        self.loop = None

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

        async for found in awatch(self.folder, debounce=100, step=50,
                                  watch_filter=lambda change, path: path.endswith(".werkvorm")):
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
            except asyncio.TimeoutError:
                yield ": nog hier\n\n"  # a comment line keeps the connection open through proxies
                continue
            if self.stopping:
                return
            if self.version != seen:
                seen = self.version
                yield f"data: {seen}\n\n"


def run(args) -> int:
    try:
        import starlette, uvicorn, watchfiles  # noqa: F401, E401  (what is missing is said before anything starts)
    except ImportError:
        print("werkvorm: voor 'werkvorm serve' ontbreken starlette, uvicorn en watchfiles; "
              "installeer ze met: pip install 'werkvorm-dsl[serve]'", file=sys.stderr)
        return 2
    folder = args.path
    if not os.path.isdir(folder):
        print(f"werkvorm: {folder}: dit is geen map; geef de map met uw werkvormen.", file=sys.stderr)
        return 2
    if not _port_free(args.port):
        other = args.port + 1 if args.port < 65535 else args.port - 1
        print(f"werkvorm: poort {args.port} is al in gebruik; kies een andere, bijvoorbeeld --port {other}.",
              file=sys.stderr)
        return 2
    print(f"Voorbeeld op http://{HOST}:{args.port}/ (stoppen met Ctrl+C)", flush=True)
    _serve_until_ctrl_c(create_app(folder, args.port), args.port)
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
        try:
            probe.bind((HOST, port))
        except OSError:
            return False
    return True
