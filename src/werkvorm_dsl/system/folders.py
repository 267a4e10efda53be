"""A folder replaced as a whole: its new set of files made beside it, then swapped in with one rename.

A build writes a werkvorm's documents as a set: the draaiboek, hand-out and invitation must show
the same title and times. Replacing them file by file leaves, after a fault, Ctrl-C or a killed
worker, a folder where some files are new and some old. So the new set is written into a fresh
folder beside the old one, and the two are exchanged in one step (Linux's renameat2 with
RENAME_EXCHANGE; elsewhere two renames, with a moment in between where the folder is missing,
never mixed). Until that step the old folder is untouched; after it, the old set is removed.
"""

from __future__ import annotations

import ctypes
import errno
import os
import shutil
import stat
from collections.abc import Callable

from werkvorm_dsl.system.files import TEMPORARY_PREFIX, is_leftover, write_fault, write_new

RENAME_EXCHANGE = 2  # linux/fs.h
AT_FDCWD = -100


def replace_folder(folder: str, files: dict[str, bytes], carried: Callable[[str], bool]) -> None:
    """Make `folder` hold `files` (names with '/' for subfolders) and, from the old folder, every
    entry carried(name) is true for; all of it or, on any fault, nothing changed (a FileFault)."""
    parent = os.path.dirname(os.path.abspath(folder))
    old = _old_folder(folder)
    fresh = _fresh_folder(parent, folder)
    try:
        for name, data in files.items():
            _write_into(fresh, name, data, folder)
        if old:
            _carry(folder, fresh, {name for name in os.listdir(folder) if carried(name)} - _top_names(files))
        _swap(fresh, folder, exists=old)
    except BaseException:
        remove_tree(fresh)
        raise
    remove_tree(fresh)  # after an exchange `fresh` holds the old set; after a plain rename it is gone


def _old_folder(folder: str) -> bool:
    """Whether there is an old folder to keep entries of; a link there is replaced, never followed."""
    try:
        found = os.lstat(folder)
    except FileNotFoundError:
        return False
    except OSError as error:
        raise write_fault(folder, error) from None
    if stat.S_ISDIR(found.st_mode):
        return True
    if stat.S_ISLNK(found.st_mode):
        return False
    raise write_fault(folder, OSError(errno.ENOTDIR, "not a folder", folder))


def _fresh_folder(parent: str, folder: str) -> str:
    import secrets

    fresh = os.path.join(parent, f"{TEMPORARY_PREFIX}{os.getpid()}-{secrets.token_hex(6)}")
    try:
        os.makedirs(parent, exist_ok=True)
        os.mkdir(fresh)
    except OSError as error:
        raise write_fault(folder, error) from None
    return fresh


def _top_names(files: dict[str, bytes]) -> set[str]:
    return {name.split("/", 1)[0] for name in files}


def _write_into(fresh: str, name: str, data: bytes, folder: str) -> None:
    path = os.path.join(fresh, *name.split("/"))
    try:
        os.makedirs(os.path.dirname(path), exist_ok=True)
    except OSError as error:
        raise write_fault(os.path.join(folder, name), error) from None
    write_new(path, data, shown_as=os.path.join(folder, name))


def _carry(folder: str, fresh: str, names: set[str]) -> None:
    """Entries of the old folder the new set keeps (files this build did not make): linked, or
    copied where the file system has no hard links; a link stays a link."""
    for name in sorted(names):
        source, target = os.path.join(folder, name), os.path.join(fresh, name)
        try:
            if os.path.islink(source):
                os.symlink(os.readlink(source), target)
            elif os.path.isdir(source):
                shutil.copytree(source, target, symlinks=True, copy_function=_link_or_copy)
            else:
                _link_or_copy(source, target)
        except FileNotFoundError:
            continue  # removed meanwhile: nothing to keep
        except shutil.Error:  # copytree's list of what failed: the cause is in each entry, not in it
            raise write_fault(source, OSError(errno.EIO, "copying failed", source)) from None
        except OSError as error:
            raise write_fault(source, error) from None


def _link_or_copy(source: str, target: str) -> None:
    try:
        os.link(source, target, follow_symlinks=False)
    except OSError:
        shutil.copy2(source, target, follow_symlinks=False)


def _swap(fresh: str, folder: str, exists: bool) -> None:
    """`fresh` becomes `folder`; the old folder (or link) is left at `fresh`'s name."""
    try:
        _sync(fresh)
        if not (exists or os.path.lexists(folder)) and _renamed_into_place(fresh, folder):
            pass
        elif not _exchange(fresh, folder):
            _swap_in_two_steps(fresh, folder)
        _sync(os.path.dirname(os.path.abspath(folder)))
    except OSError as error:
        raise write_fault(folder, error) from None


def _renamed_into_place(fresh: str, folder: str) -> bool:
    """`fresh` renamed to `folder`; False when another build made `folder` in the meantime."""
    try:
        os.rename(fresh, folder)
    except OSError as error:
        if error.errno in (errno.EEXIST, errno.ENOTEMPTY):
            return False
        raise
    return True


def _exchange(first: str, second: str) -> bool:
    """Both names exchanged in one step; False where the system cannot (then nothing changed)."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    if renameat2(AT_FDCWD, os.fsencode(first), AT_FDCWD, os.fsencode(second), RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), second)


def _swap_in_two_steps(fresh: str, folder: str) -> None:
    aside = fresh + "-oud"
    os.rename(folder, aside)
    try:
        os.rename(fresh, folder)
    except OSError:
        os.rename(aside, folder)
        raise
    os.rename(aside, fresh)


def _sync(folder: str) -> None:
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass  # some file systems cannot flush a folder
    finally:
        os.close(descriptor)


def remove_tree(path: str) -> None:
    """A folder we made, or a link, gone; quietly (what is left is cleared by the next build)."""
    try:
        if os.path.islink(path) or not os.path.isdir(path):
            os.unlink(path)
        else:
            shutil.rmtree(path)
    except OSError:
        pass


def remove_leftovers(parent: str) -> None:
    """The half-made folders (and files) of builds that no longer run, never those of a live one."""
    try:
        names = os.listdir(parent)
    except OSError:
        return
    for name in names:
        if is_leftover(name):
            remove_tree(os.path.join(parent, name))
