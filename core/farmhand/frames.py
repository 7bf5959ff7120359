"""Frame specs: the Fox frame grammar (``"1-10[1]"``, ``"2,4,6-10[1]"``) and its foreign cousins.

Every host hands frames over in its own shape (Maya start/end/by, Houdini ``f1 f2 f3``, Blender
``frame_start..frame_end``) and every farm wants another (Fox ``1-10[2]``, Conductor ``1-10x2``,
OpenJD ``1-10:2``, Blender ``--render-frame 1..10``).  :class:`FrameSpec` is the one neutral,
canonical value in between: a set of frames stored as arithmetic runs, so that a million-frame
range costs three integers and equality means "the same frames", whatever text produced it.

Canonical form (what ``ranges`` holds and ``to_fox`` prints) is a pure function of the frame set:
every stretch of two or more consecutive frames is one step-1 run; the frames left between those
stretches are taken left to right into runs as long as possible with one constant step, and such
a stepped run needs three frames, otherwise its frames are written singly.  So ``{2,4,6,7,8}`` is
``"2,4,6-8[1]"`` and ``{1,3,5,7}`` is ``"1-7[2]"``.

Grammar accepted by :meth:`FrameSpec.parse` (whitespace is allowed between any two tokens; a minus
sign belongs to its number and must touch its first digit)::

    frame_list = item *( "," item )
    item       = number [ "-" number [ "[" digits "]" ] ]     ; no [step] means step 1
    number     = [ "-" ] digits                                ; at most 4000 digits

A descending range ``"10-1[3]"`` means the frames 10, 7, 4, 1 (``strict=True`` rejects it).
:func:`parse_any` additionally accepts ``..`` as the range mark, ``x<step>`` and ``:<step>`` step
suffixes and whitespace as an item separator.  ``pre_frames`` (priority frames) are
:class:`PriorityFrames`.
"""

from __future__ import annotations

import bisect
import math
import operator
from dataclasses import dataclass
from typing import Iterable, Iterator, List, Optional, Sequence, Tuple

from farmhand.errors import FarmhandError

Run = Tuple[int, int, int]

# Python refuses int() on very long digit strings (3.11+); a frame number that long is a typo anyway.
MAX_DIGITS = 4000
# Irregular overlaps (e.g. two huge ranges with unrelated steps) can need one run per few frames;
# past this many pieces we refuse instead of exhausting memory.
MAX_PIECES = 1_000_000

_DIGITS = "0123456789"


class FrameSpecError(FarmhandError, ValueError):
    """A frame spec (or priority-frames string) that cannot be read, with where it went wrong.

    ``position`` is a 0-based index into ``spec``; it equals ``len(spec)`` when the text ended too
    early, so an editor can always put the cursor on it.
    """

    def __init__(self, spec: str, position: int, reason: str, kind: str = "frame spec") -> None:
        super().__init__(spec, position, reason, kind)
        self.spec = spec
        self.position = position
        self.reason = reason
        self.kind = kind

    def __str__(self) -> str:
        if self.position < len(self.spec):
            where = f"character {self.spec[self.position]!r}"
        else:
            where = "end of text"
        return f"bad {self.kind} {self.spec!r}: {self.reason} at position {self.position} ({where})"


# --------------------------------------------------------------------------------------------
# Parsing
# --------------------------------------------------------------------------------------------


def _expected(options: Sequence[str]) -> str:
    if len(options) == 1:
        return f"expected {options[0]}"
    return "expected " + ", ".join(options[:-1]) + " or " + options[-1]


class _Parser:
    """A hand-written scanner: the error must name the exact character, which regexes make awkward."""

    def __init__(self, text: str, *, foreign: bool = False, strict: bool = False, kind: str = "frame spec"):
        self.text = text
        self.pos = 0
        self.foreign = foreign
        self.strict = strict
        self.kind = kind

    def error(self, reason: str, position: Optional[int] = None) -> FrameSpecError:
        return FrameSpecError(self.text, self.pos if position is None else position, reason, self.kind)

    def peek(self, length: int = 1) -> str:
        return self.text[self.pos : self.pos + length]

    def at_end(self) -> bool:
        return self.pos >= len(self.text)

    def skip_space(self) -> None:
        while self.pos < len(self.text) and self.text[self.pos].isspace():
            self.pos += 1

    def is_digit(self, offset: int = 0) -> bool:
        # Careful: '"" in _DIGITS' is True, so test the length too.
        char = self.text[self.pos + offset : self.pos + offset + 1]
        return len(char) == 1 and char in _DIGITS

    def after_space(self) -> bool:
        """Whether whitespace precedes the cursor: in foreign lists it separates items."""
        return self.pos > 0 and self.text[self.pos - 1].isspace()

    def starts_number(self) -> bool:
        return self.is_digit() or (self.peek() == "-" and self.is_digit(1))

    def digits(self) -> int:
        start = self.pos
        while self.is_digit():
            self.pos += 1
        if self.pos == start:
            raise self.error("expected a digit")
        if self.pos - start > MAX_DIGITS:
            raise self.error(f"number longer than {MAX_DIGITS} digits", start)
        return int(self.text[start : self.pos])

    def expected(self, options: List[str]) -> str:
        """What may come next; foreign lists may also continue with a whitespace-separated frame."""
        return _expected(options + (["a frame", "end of text"] if self.foreign else ["end of text"]))

    def number(self) -> int:
        if self.peek() == "-":
            self.pos += 1
            return -self.digits()
        return self.digits()

    def frame_list(self) -> List[Run]:
        """Parse items up to the end of the text (the caller has positioned us at the first item)."""
        runs: List[Run] = []
        self.skip_space()
        if self.at_end():
            raise self.error("no frames given")
        while True:
            runs.append(self.item())
            self.skip_space()
            if self.at_end():
                return runs
            if self.peek() == ",":
                comma = self.pos
                self.pos += 1
                self.skip_space()
                if self.at_end():
                    raise self.error("trailing ','", comma)
            elif not (self.foreign and self.after_space() and self.starts_number()):
                raise self.error(self.expected(["','"]))

    def item(self) -> Run:
        start = self.number()
        self.skip_space()
        # In a foreign whitespace-separated list, " -5" is the next (negative) frame, not a range end.
        next_frame = self.foreign and self.after_space() and self.starts_number()
        if self.at_end() or self.peek() == "," or next_frame:
            return (start, start, 1)
        if self.peek() == "-":
            self.pos += 1
        elif self.foreign and self.peek(2) == "..":
            self.pos += 2
        else:
            raise self.error(self.expected(["'-'", "'..'", "','"] if self.foreign else ["'-'", "','"]))
        self.skip_space()
        end_pos = self.pos
        end = self.number()
        step = self.step(start, end)
        if start > end:
            if self.strict:
                raise self.error(f"range ends at {end}, before its start {start}", end_pos)
            last = start - (start - end) // step * step
            return (last, start, step)
        return (start, end, step)

    def step(self, start: int, end: int) -> int:
        """Parse an optional step suffix; a foreign negative step is allowed on descending ranges."""
        self.skip_space()
        mark = self.peek()
        if mark == "[":
            self.pos += 1
            self.skip_space()
            step_pos = self.pos
            step = self.digits()
            self.skip_space()
            if self.peek() != "]":
                raise self.error("expected ']'")
            self.pos += 1
        elif self.foreign and mark in ("x", ":"):
            self.pos += 1
            self.skip_space()
            step_pos = self.pos
            step = self.number()
            if step < 0:
                if start < end:
                    raise self.error("a negative step needs a descending range", step_pos)
                step = -step
        elif self.at_end() or mark == "," or (self.foreign and self.after_space() and self.starts_number()):
            return 1
        elif self.foreign:
            raise self.error(self.expected(["'['", "'x'", "':'", "','"]))
        else:
            raise self.error(self.expected(["'['", "','"]))
        if step == 0:
            raise self.error("step must be at least 1", step_pos)
        return step


# --------------------------------------------------------------------------------------------
# Canonicalisation: arbitrary (possibly overlapping) runs -> the canonical run tuple
# --------------------------------------------------------------------------------------------


def _ceil_div(a: int, b: int) -> int:
    return -(-a // b)


def _normalise_run(run: Run) -> Run:
    start, end, step = run
    last = start + (end - start) // step * step
    return (start, last, step if last > start else 1)


def _run_count(run: Run) -> int:
    return (run[1] - run[0]) // run[2] + 1


def _frame_at(pieces: Sequence[Run], index: int, offset: int) -> Optional[int]:
    return pieces[index][0] + offset * pieces[index][2] if index < len(pieces) else None


def _greedy(pieces: Sequence[Run]) -> Tuple[Run, ...]:
    """The canonical runs of the frames covered by sorted, span-disjoint ``pieces``.

    Equivalent to walking every frame (see the module docstring for the rule), but whole pieces
    are skipped in O(1) when their step continues the current run, so huge ranges never expand.
    """
    out: List[Run] = []
    index, offset = 0, 0
    while index < len(pieces):
        here = pieces[index][0] + offset * pieces[index][2]
        nxt_index, nxt_offset = _advance(pieces, index, offset)
        following = _frame_at(pieces, nxt_index, nxt_offset)
        if following is None:
            out.append((here, here, 1))
            break
        step = following - here
        last_index, last_offset, length = _extend(pieces, nxt_index, nxt_offset, step)
        last = pieces[last_index][0] + last_offset * pieces[last_index][2]
        after_index, after_offset = _advance(pieces, last_index, last_offset)
        # A stepped run gives up its last frame when that frame starts a consecutive (step 1) run.
        if step > 1 and _frame_at(pieces, after_index, after_offset) == last + 1:
            length, last = length - 1, last - step
            after_index, after_offset = last_index, last_offset
        if length >= 2 or step == 1:
            out.append((here, last, step))
            index, offset = after_index, after_offset
        else:
            out.append((here, here, 1))
            index, offset = nxt_index, nxt_offset
    return tuple(out)


def _advance(pieces: Sequence[Run], index: int, offset: int) -> Tuple[int, int]:
    if offset + 1 < _run_count(pieces[index]):
        return index, offset + 1
    return index + 1, 0


def _extend(pieces: Sequence[Run], index: int, offset: int, step: int) -> Tuple[int, int, int]:
    """Follow frames spaced ``step`` apart from the cursor; return the last cursor and how many followed."""
    length = 1
    while True:
        first, last, own_step = pieces[index]
        final = (last - first) // own_step
        if offset < final:
            if own_step != step:
                return index, offset, length
            length += final - offset
            offset = final
        if index + 1 < len(pieces) and pieces[index + 1][0] - last == step:
            index, offset = index + 1, 0
            length += 1
        else:
            return index, offset, length


def _canonical(runs: Iterable[Run], label: str) -> Tuple[Run, ...]:
    """Merge any runs (ascending start <= end, step >= 1) into the canonical tuple (empty if none)."""
    ordered = sorted(_normalise_run(run) for run in runs)
    pieces: List[Run] = []
    cluster: List[Run] = []
    reach = None
    for run in ordered:
        if reach is not None and run[0] <= reach:
            cluster.append(run)
            reach = max(reach, run[1])
            continue
        pieces.extend(_cluster_pieces(cluster, label))
        cluster, reach = [run], run[1]
    pieces.extend(_cluster_pieces(cluster, label))
    if len(pieces) > MAX_PIECES:
        raise FrameSpecError(label, 0, f"frame set too irregular (more than {MAX_PIECES} runs)")
    return _greedy(pieces)


def _cluster_pieces(cluster: List[Run], label: str) -> List[Run]:
    """Sorted, span-disjoint pieces covering the union of runs whose spans overlap."""
    if len(cluster) <= 1:
        return list(cluster)
    bounds = sorted({run[0] for run in cluster} | {run[1] + 1 for run in cluster})
    pieces: List[Run] = []
    active: List[Run] = []
    waiting = 0
    for lo, stop in zip(bounds, bounds[1:]):
        active = [run for run in active if run[1] >= lo]
        while waiting < len(cluster) and cluster[waiting][0] <= lo:
            active.append(cluster[waiting])
            waiting += 1
        pieces.extend(_interval_pieces(active, lo, stop - 1, label))
    return pieces


def _interval_pieces(active: List[Run], lo: int, hi: int, label: str) -> List[Run]:
    """Pieces for [lo, hi], an interval every run in ``active`` spans completely."""
    parts: List[Run] = []
    for start, _end, step in active:
        first = start + _ceil_div(lo - start, step) * step
        if first <= hi:
            parts.append((first, first + (hi - first) // step * step, step))
    parts.sort(key=lambda part: part[2])
    kept: List[Run] = []
    for part in parts:
        if not any(part[2] % big[2] == 0 and (part[0] - big[0]) % big[2] == 0 for big in kept):
            kept.append(part)
    if len(kept) <= 1:
        return kept
    return _periodic_pieces(kept, lo, hi, label)


def _periodic_pieces(parts: List[Run], lo: int, hi: int, label: str) -> List[Run]:
    """Union of runs that all span [lo, hi]: periodic with the steps' lcm, so one period tells all."""
    period = math.lcm(*(part[2] for part in parts))
    window_hi = min(hi, lo + period - 1)
    if sum(min(_run_count(part), _ceil_div(window_hi - part[0] + 1, part[2])) for part in parts) > MAX_PIECES:
        raise FrameSpecError(label, 0, f"frame set too irregular (more than {MAX_PIECES} runs)")
    window = sorted(
        {frame for part in parts for frame in range(part[0], min(part[1], window_hi) + 1, part[2])}
    )
    segments = _segments(window)
    if window_hi == hi:
        return segments
    if len(segments) == 1:
        first, _, step = segments[0]
        step = period if len(window) == 1 else step
        if step * len(window) == period:
            return [(first, first + (hi - first) // step * step, step)]
    periods = _ceil_div(hi - lo + 1, period)
    if periods * len(segments) > MAX_PIECES:
        raise FrameSpecError(label, 0, f"frame set too irregular (more than {MAX_PIECES} runs)")
    pieces: List[Run] = []
    for number in range(periods):
        shift = number * period
        for first, last, step in segments:
            start = first + shift
            if start > hi:
                break
            pieces.append((start, min(last + shift, start + (hi - start) // step * step), step))
    return pieces


def _segments(frames: List[int]) -> List[Run]:
    """Split sorted unique frames into maximal constant-step stretches."""
    out: List[Run] = []
    index = 0
    while index < len(frames):
        if index + 1 == len(frames):
            out.append((frames[index], frames[index], 1))
            break
        step = frames[index + 1] - frames[index]
        end = index + 1
        while end + 1 < len(frames) and frames[end + 1] - frames[end] == step:
            end += 1
        out.append((frames[index], frames[end], step))
        index = end + 1
    return out


def _intersect(a: Run, b: Run) -> Optional[Run]:
    """Frames in both runs, as one run (two arithmetic progressions meet in one, by the CRT)."""
    lo, hi = max(a[0], b[0]), min(a[1], b[1])
    if lo > hi:
        return None
    gap = math.gcd(a[2], b[2])
    if (b[0] - a[0]) % gap:
        return None
    modulus = b[2] // gap
    turns = (b[0] - a[0]) // gap * pow(a[2] // gap, -1, modulus) % modulus if modulus > 1 else 0
    anchor = a[0] + a[2] * turns
    period = a[2] // gap * b[2]
    first = anchor + _ceil_div(lo - anchor, period) * period
    if first > hi:
        return None
    return (first, first + (hi - first) // period * period, period)


def _subtract(a: Run, b: Run, label: str) -> List[Run]:
    """Frames of ``a`` not in ``b``, as possibly overlapping runs (``_canonical`` tidies them)."""
    common = _intersect(a, b)
    if common is None:
        return [a]
    out: List[Run] = []
    if common[0] > a[0]:
        out.append((a[0], common[0] - a[2], a[2]))
    if common[1] < a[1]:
        out.append((common[1] + a[2], a[1], a[2]))
    classes = common[2] // a[2]
    if classes > MAX_PIECES:
        raise FrameSpecError(label, 0, f"frame set too irregular (more than {MAX_PIECES} runs)")
    for shift in range(1, classes):
        first = common[0] + shift * a[2]
        if first <= common[1]:
            out.append((first, first + (common[1] - first) // common[2] * common[2], common[2]))
    return out


# --------------------------------------------------------------------------------------------
# The value type
# --------------------------------------------------------------------------------------------


def _checked_run(start: object, end: object, step: object) -> Run:
    """Validate a host's (start, end, step); the error quotes it in Fox form with the culprit's position."""
    first, last, by = operator.index(start), operator.index(end), operator.index(step)  # type: ignore[arg-type]
    text = f"{first}-{last}[{by}]"
    if by < 1:
        raise FrameSpecError(text, len(f"{first}-{last}["), f"step must be at least 1, not {by}")
    if first > last:
        raise FrameSpecError(text, len(f"{first}-"), f"range ends at {last}, before its start {first}")
    return (first, last, by)


class FrameSpec:
    """A non-empty, immutable set of frames in canonical run form.

    Equality and hashing go by the frame set (the canonical runs are a function of it), so
    ``FrameSpec.parse("1,2,3") == FrameSpec.parse("1-3[1]")``.  Counting, membership, ``first``,
    ``last`` and ``middle`` never expand the runs; ``frames()`` and iteration do.
    """

    __slots__ = ("_offsets", "_starts", "ranges")

    ranges: Tuple[Run, ...]
    _offsets: Tuple[int, ...]  # frames before each run, then the total: counts and nth() by bisection
    _starts: Tuple[int, ...]  # each run's first frame: membership by bisection

    def __init__(self, runs: Iterable[Tuple[int, int, int]]) -> None:
        """Build from ascending ``(start, end, step)`` runs in any order, overlaps allowed.

        Prefer :meth:`parse`, :meth:`from_range` and :meth:`from_frames`; this is the escape hatch
        for callers that already hold several host ranges.
        """
        checked = [_checked_run(*run) for run in runs]
        if not checked:
            raise FrameSpecError("", 0, "no frames given")
        self._init(_canonical(checked, ",".join(f"{a}-{b}[{c}]" for a, b, c in checked)))

    def _init(self, ranges: Tuple[Run, ...]) -> None:
        offsets = [0]
        for run in ranges:
            offsets.append(offsets[-1] + _run_count(run))
        object.__setattr__(self, "ranges", ranges)
        object.__setattr__(self, "_offsets", tuple(offsets))
        object.__setattr__(self, "_starts", tuple(run[0] for run in ranges))

    @classmethod
    def _from_canonical(cls, ranges: Tuple[Run, ...]) -> FrameSpec:
        spec = cls.__new__(cls)
        spec._init(ranges)
        return spec

    @classmethod
    def _from_runs_or_none(cls, runs: Iterable[Run], label: str) -> Optional[FrameSpec]:
        ranges = _canonical(runs, label)
        return cls._from_canonical(ranges) if ranges else None

    # ---- construction ------------------------------------------------------------------------

    @classmethod
    def parse(cls, text: str, *, strict: bool = False) -> FrameSpec:
        """Read a Fox frame string; ``strict`` rejects descending ranges such as ``"10-1[3]"``."""
        parser = _Parser(text, strict=strict)
        return cls._from_canonical(_canonical(parser.frame_list(), text))

    @classmethod
    def from_range(cls, start: int, end: int, step: int = 1) -> FrameSpec:
        """From a host's start/end/step (Maya ``startFrame/endFrame/byFrame``, Houdini ``f1 f2 f3``)."""
        return cls._from_canonical(_canonical([_checked_run(start, end, step)], f"{start}-{end}[{step}]"))

    @classmethod
    def from_frames(cls, frames: Iterable[int]) -> FrameSpec:
        """From explicit frame numbers in any order, duplicates allowed; at least one is required."""
        unique = sorted({operator.index(frame) for frame in frames})
        if not unique:
            raise FrameSpecError("", 0, "no frames given")
        return cls._from_canonical(_greedy([(frame, frame, 1) for frame in unique]))

    # ---- the set -----------------------------------------------------------------------------

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("FrameSpec is immutable")

    def __delattr__(self, name: str) -> None:
        raise AttributeError("FrameSpec is immutable")

    def __reduce__(self) -> Tuple[object, Tuple[Tuple[Run, ...]]]:
        return (FrameSpec._from_canonical, (self.ranges,))

    def __iter__(self) -> Iterator[int]:
        for start, end, step in self.ranges:
            yield from range(start, end + 1, step)

    def frames(self) -> List[int]:
        """Every frame, ascending (this one does expand)."""
        return list(self)

    def __len__(self) -> int:
        return self._offsets[-1]

    def __bool__(self) -> bool:
        return True

    def __contains__(self, frame: object) -> bool:
        try:
            value = operator.index(frame)  # type: ignore[arg-type]
        except TypeError:
            return False
        index = bisect.bisect_right(self._starts, value) - 1
        if index < 0:
            return False
        start, end, step = self.ranges[index]
        return value <= end and (value - start) % step == 0

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, FrameSpec):
            return NotImplemented
        return self.ranges == other.ranges

    def __hash__(self) -> int:
        return hash(self.ranges)

    def __repr__(self) -> str:
        return f"FrameSpec({self.to_fox()!r})"

    def __str__(self) -> str:
        return self.to_fox()

    def _nth(self, index: int) -> int:
        run_index = bisect.bisect_right(self._offsets, index) - 1
        start, _end, step = self.ranges[run_index]
        return start + (index - self._offsets[run_index]) * step

    @property
    def first(self) -> int:
        return self.ranges[0][0]

    @property
    def last(self) -> int:
        return self.ranges[-1][1]

    @property
    def middle(self) -> int:
        """``frames()[len // 2]``: the frame Fox's "middle" priority flag renders."""
        return self._nth(len(self) // 2)

    # ---- output ------------------------------------------------------------------------------

    def _render(self, plain: str, stepped: str) -> str:
        """Runs formatted with ``plain`` (step 1) or ``stepped``; single frames as bare numbers."""
        parts = []
        for start, end, step in self.ranges:
            form = plain if step == 1 else stepped
            parts.append(str(start) if start == end else form.format(start=start, end=end, step=step))
        return ",".join(parts)

    def to_fox(self) -> str:
        """Canonical Fox text, always with ``[step]`` and without spaces (what the docs document)."""
        return self._render("{start}-{end}[{step}]", "{start}-{end}[{step}]")

    def to_cioseq(self) -> str:
        """Conductor ``cioseq`` form: ``1-10``, ``1-9x2``, ``-10--2x2``."""
        return self._render("{start}-{end}", "{start}-{end}x{step}")

    def to_openjd(self) -> str:
        """OpenJD range expression: ``1-10``, ``1-9:2``."""
        return self._render("{start}-{end}", "{start}-{end}:{step}")

    def to_blender_arg(self) -> str:
        """The argument of Blender's ``--render-frame``: ``1..10`` runs, stepped runs spelled out
        (Blender has no step syntax, so ``1-999[2]`` becomes 500 numbers).

        Blender reads a leading ``-`` as "relative to the end frame", so negative frames cannot be
        passed at all; that is an error rather than a silently different render.
        """
        if self.first < 0:
            raise FrameSpecError(
                self.to_fox(), 0, "Blender's --render-frame reads '-N' as relative to the end frame"
            )
        parts = []
        for start, end, step in self.ranges:
            if start == end:
                parts.append(str(start))
            elif step == 1:
                parts.append(f"{start}..{end}")
            else:
                parts.extend(str(frame) for frame in range(start, end + 1, step))
        return ",".join(parts)

    # ---- splitting and set algebra -----------------------------------------------------------

    def chunks(self, frames_per_task: int) -> List[FrameSpec]:
        """Consecutive groups of ``frames_per_task`` frames in order; the last may be shorter.

        Each chunk's ``to_fox()`` is the label Fox gives such a task (``frameIndex`` ``"2-4[1]"``).
        """
        size = operator.index(frames_per_task)
        if size < 1:
            raise ValueError(f"frames_per_task must be at least 1, not {size}")
        chunks: List[FrameSpec] = []
        pending: List[Run] = []
        room = size
        for start, end, step in self.ranges:
            while start <= end:
                take = min(room, (end - start) // step + 1)
                pending.append((start, start + (take - 1) * step, step))
                start += take * step
                room -= take
                if room == 0:
                    chunks.append(FrameSpec._from_canonical(_greedy(pending)))
                    pending, room = [], size
        if pending:
            chunks.append(FrameSpec._from_canonical(_greedy(pending)))
        return chunks

    def union(self, other: FrameSpec) -> FrameSpec:
        """Frames in either spec (never empty)."""
        return FrameSpec._from_canonical(_canonical(self.ranges + other.ranges, f"{self} | {other}"))

    def intersection(self, other: FrameSpec) -> Optional[FrameSpec]:
        """Frames in both specs, or ``None`` when they share none (a FrameSpec is never empty)."""
        common: List[Run] = []
        for mine in self.ranges:
            low = max(bisect.bisect_right(other._starts, mine[0]) - 1, 0)
            for theirs in other.ranges[low:]:
                if theirs[0] > mine[1]:
                    break
                meet = _intersect(mine, theirs)
                if meet is not None:
                    common.append(meet)
        return FrameSpec._from_runs_or_none(common, f"{self} & {other}")

    def __sub__(self, other: FrameSpec) -> Optional[FrameSpec]:
        """Frames of ``self`` not in ``other``, or ``None`` when nothing is left."""
        if not isinstance(other, FrameSpec):
            return NotImplemented
        label = f"{self} - {other}"
        left: List[Run] = []
        for mine in self.ranges:
            remaining = [mine]
            low = max(bisect.bisect_right(other._starts, mine[0]) - 1, 0)
            for theirs in other.ranges[low:]:
                if theirs[0] > mine[1]:
                    break
                remaining = [part for run in remaining for part in _subtract(run, theirs, label)]
            left.extend(remaining)
        return FrameSpec._from_runs_or_none(left, label)


def parse_any(text: str) -> FrameSpec:
    """Read a frame list written for any farm or host.

    Accepts the Fox grammar plus ``1-10x2`` (Conductor), ``1-10:2`` (OpenJD, whose negative step
    on a descending range is also read), ``1..10`` (Blender) and whitespace-separated lists
    ``1 3 5``; forms may be mixed.

    Whitespace reads differently in one place: a ``-`` with space before it and a digit right
    after it starts a new, negative frame (``"1 -5"`` is the frames 1 and -5 here but the range
    1-5 in :meth:`FrameSpec.parse`; ``"1 - 5"`` and ``"1- 5"`` are ranges in both).  Text only
    the Fox reading accepts (``"0 -4[2]"``) falls back to it, so every Fox spec is accepted; when
    both readings fail, the error is the one that got further into the text.
    """
    try:
        return FrameSpec._from_canonical(_canonical(_Parser(text, foreign=True).frame_list(), text))
    except FrameSpecError as foreign_error:
        try:
            return FrameSpec.parse(text)
        except FrameSpecError as fox_error:
            raise (fox_error if fox_error.position > foreign_error.position else foreign_error) from None


# --------------------------------------------------------------------------------------------
# Priority frames (task_info.pre_frames)
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PriorityFrames:
    """Fox ``pre_frames``: render first/middle/last (and custom frames) ahead of the rest.

    Text form: three flag digits (first, middle, last; ``1`` = render early), optionally
    ``:`` and a Fox frame list: ``"000"``, ``"111"``, ``"000:2,4,6-10[1]"``.
    """

    first: bool = False
    middle: bool = False
    last: bool = False
    custom: Optional[FrameSpec] = None

    @classmethod
    def parse(cls, text: str) -> PriorityFrames:
        parser = _Parser(text, kind="priority frames")
        parser.skip_space()
        flags = []
        for _ in range(3):
            flag = parser.peek()
            if flag not in ("0", "1"):
                raise parser.error("expected a priority flag '0' or '1'")
            flags.append(flag == "1")
            parser.pos += 1
        parser.skip_space()
        custom = None
        if not parser.at_end():
            if parser.peek() != ":":
                raise parser.error(_expected(["':'", "end of text"]))
            parser.pos += 1
            custom = FrameSpec._from_canonical(_canonical(parser.frame_list(), text))
        return cls(flags[0], flags[1], flags[2], custom)

    def __str__(self) -> str:
        flags = "".join("1" if flag else "0" for flag in (self.first, self.middle, self.last))
        return flags if self.custom is None else f"{flags}:{self.custom.to_fox()}"

    def select(self, spec: FrameSpec) -> Optional[FrameSpec]:
        """The priority frames that fall in ``spec`` (``None`` when there are none)."""
        chosen = [
            frame
            for flag, frame in ((self.first, spec.first), (self.middle, spec.middle), (self.last, spec.last))
            if flag
        ]
        picked = FrameSpec.from_frames(chosen) if chosen else None
        extra = self.custom.intersection(spec) if self.custom is not None else None
        if picked is None or extra is None:
            return picked or extra
        return picked.union(extra)
