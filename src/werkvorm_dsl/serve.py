"""`werkvorm serve`: a live preview on 127.0.0.1 that refreshes when a werkvorm is saved."""

from __future__ import annotations

import asyncio
import contextlib
import os
import sys
from dataclasses import dataclass

from .build_outputs import Context, slug_for
from .cli import check_file
from .diagnostics import render_text
from .source import UnreadableFile, collect

HOST = "127.0.0.1"  # a preview for the author at this computer, never for the network


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
    from .timing import plan

    slug = slug_for(path)
    try:
        checked = check_file(path)
    except UnreadableFile as problem:
        return Preview(path, slug, os.path.basename(path), 1, 0, str(problem), {})
    diagnostics = checked.diagnostics
    errors = sum(d.is_error for d in diagnostics)
    report = "\n\n".join(render_text(d, checked.lines) for d in diagnostics)
    werkvorm = checked.werkvorm
    title = werkvorm.title.text if werkvorm is not None and werkvorm.title else os.path.basename(path)
    pages = {}
    if werkvorm is not None and not errors:
        context = Context(werkvorm, plan(werkvorm), slug, None, os.path.dirname(os.path.abspath(path)), 0)
        for name in ("draaiboek", "deelnemers"):
            pages[name] = registry.get(name).render(context).files["html"]
    return Preview(path, slug, title, errors, len(diagnostics) - errors, report, pages)


def create_app(folder: str):
    from starlette.applications import Starlette
    from starlette.responses import HTMLResponse, Response, StreamingResponse
    from starlette.routing import Route

    from .render import render

    changes = _Changes(folder)

    def previews() -> list[Preview]:
        try:
            return [preview(path) for path in collect([folder])]
        except UnreadableFile:
            return []

    async def index(request):
        return HTMLResponse(render("serve.html", previews=previews(), folder=folder, chosen=None))

    async def page(request):
        chosen = next((p for p in previews() if p.slug == request.path_params["slug"]), None)
        if chosen is None:
            return HTMLResponse(render("serve.html", previews=previews(), folder=folder, chosen=None), status_code=404)
        return HTMLResponse(render("serve.html", previews=previews(), folder=folder, chosen=chosen))

    async def output(request):
        chosen = next((p for p in previews() if p.slug == request.path_params["slug"]), None)
        html = chosen.pages.get(request.path_params["name"]) if chosen else None
        if html is None:
            return Response("Niet gevonden.", status_code=404, media_type="text/plain; charset=utf-8")
        return HTMLResponse(html)

    async def events(request):
        return StreamingResponse(changes.stream(request), media_type="text/event-stream",
                                 headers={"Cache-Control": "no-store"})

    routes = [Route("/", index), Route("/werkvorm/{slug}", page), Route("/werkvorm/{slug}/{name}.html", output),
              Route("/events", events)]
    @contextlib.asynccontextmanager
    async def lifespan(app):
        await changes.start()
        try:
            yield
        finally:
            await changes.stop()

    return Starlette(routes=routes, lifespan=lifespan)


class _Changes:
    """Watches the folder and tells every open page, through server-sent events, to refresh."""

    def __init__(self, folder: str):
        self.folder = folder
        self.version = 0
        self.changed = asyncio.Event()
        self.task = None

    async def start(self):
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
        while not await request.is_disconnected():
            waiting = self.changed
            try:
                await asyncio.wait_for(waiting.wait(), timeout=10)
            except asyncio.TimeoutError:
                yield ": nog hier\n\n"  # a comment line keeps the connection open through proxies
                continue
            if self.version != seen:
                seen = self.version
                yield f"data: {seen}\n\n"


def run(args) -> int:
    try:
        import uvicorn
    except ImportError:
        print("werkvorm: voor 'werkvorm serve' ontbreken starlette, uvicorn en watchfiles; "
              "installeer ze met: pip install 'werkvorm-dsl[serve]'", file=sys.stderr)
        return 2
    folder = args.path
    if not os.path.isdir(folder):
        print(f"werkvorm: {folder}: dit is geen map; geef de map met uw werkvormen.", file=sys.stderr)
        return 2
    if not _port_free(args.port):
        print(f"werkvorm: poort {args.port} is al in gebruik; kies een andere, bijvoorbeeld --port {args.port + 1}.",
              file=sys.stderr)
        return 2
    print(f"Voorbeeld op http://{HOST}:{args.port}/ (stoppen met Ctrl+C)")
    uvicorn.run(create_app(folder), host=HOST, port=args.port, log_level="warning")
    return 0


def _port_free(port: int) -> bool:
    import socket

    with socket.socket() as probe:
        try:
            probe.bind((HOST, port))
        except OSError:
            return False
    return True
