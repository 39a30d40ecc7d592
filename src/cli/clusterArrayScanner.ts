/**
 * Splits a snapshot file's bytes, chunk by chunk, into the texts of the elements of its root `clusters` array, so each
 * cluster is JSON-parsed and validated alone and the document is never one string. The root's other members are parsed
 * (to check them) and dropped. Pure: no I/O; a syntax error between values is an InputError naming the input and byte.
 *
 * With `onParsed`, runs of compact elements are parsed in one JSON.parse each: from an element's `{` to the last
 * `},{"id":` of the chunk, the text in brackets. When that parses, its values are exactly the elements the byte scan
 * would find (JSON values delimit themselves) and go to `onParsed`; when it does not (pretty-printed or bad text), the
 * byte scan reads those bytes as before, so errors and their messages do not change.
 */
import { InputError, jsonPath } from '../domain/inputError';
import { refuseDuplicateKeysOf } from '../domain/schemas/duplicateKeys';

/** A root that holds no `clusters` array: a small stand-in document of the same shape, for the schema's own message. */
export type RootShape = { standIn: unknown };

const enum Phase { Root, KeyOrEnd, Colon, AfterMember, ElementOrEnd, AfterElement, Collect, Done }
const enum Collecting { Key, Member, Element }

const QUOTE = 0x22, BACKSLASH = 0x5c, COMMA = 0x2c, COLON = 0x3a;
const OPEN_OBJECT = 0x7b, CLOSE_OBJECT = 0x7d, OPEN_ARRAY = 0x5b, CLOSE_ARRAY = 0x5d;
const isSpace = (b: number): boolean => b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09;
/** Where one compact cluster ends and the next begins (`"id"` first, as the fleet writers put it). */
const BETWEEN_CLUSTERS = Buffer.from('},{"id":');

/** The JSON value a first byte announces: stands in for a value the schema refuses by its type alone. */
function standInFor(byte: number): unknown {
  if (byte === OPEN_ARRAY) return [];
  if (byte === OPEN_OBJECT) return {};
  if (byte === QUOTE) return '';
  if (byte === 0x74 || byte === 0x66) return byte === 0x74;
  if (byte === 0x6e) return null;
  return 0;
}

/** Where a value being read stands between chunks. */
interface ValueState {
  depth: number;
  inString: boolean;
  /** Bytes to skip at the next chunk's start: an escape's second byte. */
  skip: number;
}

/**
 * Reads a JSON value's bytes from `i` on: returns the index just after it (a scalar ends before its delimiter), or -1
 * when it goes on in the next chunk (`s` then holds where it stands). Checks nesting only; JSON.parse checks the rest.
 */
function valueEnd(chunk: Buffer, i: number, s: ValueState): number {
  const n = chunk.length;
  let depth = s.depth;
  let inString = s.inString;
  i += s.skip;
  s.skip = 0;
  while (i < n) {
    if (inString) {
      let b = chunk[i]!;
      while (b !== QUOTE) {
        i += b === BACKSLASH ? 2 : 1;
        if (i >= n) break;
        b = chunk[i]!;
      }
      if (i >= n) {
        s.skip = i - n;
        break;
      }
      inString = false;
      i++;
      if (depth === 0) return i;
      continue;
    }
    const b = chunk[i]!;
    if (b === QUOTE) inString = true;
    else if (b === OPEN_OBJECT || b === OPEN_ARRAY) depth++;
    else if (b === CLOSE_OBJECT || b === CLOSE_ARRAY) {
      if (depth === 0) return i;
      if (--depth === 0) return i + 1;
    } else if (depth === 0 && (b === COMMA || isSpace(b))) return i;
    i++;
  }
  s.depth = depth;
  s.inString = inString;
  return -1;
}

/** Streams a snapshot document: `push` each chunk, then `end`; `onCluster(text, index)` receives each element's text. */
export class ClusterArrayScanner {
  private phase = Phase.Root;
  private collecting = Collecting.Key;
  private offset = 0;
  private key = '';
  private seenClusters = false;
  private clustersNext = false;
  private closeAllowed = true;
  private count = 0;
  // the value being collected
  private started = false;
  // ValueState of the value being collected (read and written by valueEnd)
  depth = 0;
  inString = false;
  skip = 0;
  private start = 0;
  private parts: Buffer[] = [];
  /** Chunk index from which a parse of a run of elements may be tried (past a failed try, the byte scan goes on). */
  private runFrom = 0;
  /** Where the last run parsed ended. */
  private runEnd = 0;
  /** True once the root's type alone decides the outcome: nothing more needs reading. */
  stopped = false;
  /** Set when the root holds no clusters array; the caller turns it into the schema's message. */
  shape: RootShape | undefined;
  /** The root object's property names, in the order read. */
  readonly rootKeys: string[] = [];

  constructor(
    private readonly input: string,
    private readonly onCluster: (text: string, index: number) => void,
    private readonly onParsed?: (value: unknown, index: number) => void,
  ) {}

  /** Consumes the next chunk of the file. */
  push(chunk: Buffer): void {
    if (this.stopped) return;
    let i = 0;
    const n = chunk.length;
    this.start = 0;
    this.runFrom = 0;
    while (i < n) {
      if (this.phase === Phase.Collect) i = this.collect(chunk, i);
      else if (isSpace(chunk[i]!)) i++;
      else if (this.phase === Phase.ElementOrEnd && i >= this.runFrom && chunk[i] === OPEN_OBJECT && this.parseRun(chunk, i)) i = this.runEnd;
      else i = this.structural(i, chunk[i]!);
      if (this.stopped) return;
    }
    if (this.phase === Phase.Collect && this.started) this.parts.push(Buffer.from(chunk.subarray(this.start)));
    this.offset += n;
  }

  /** Declares the end of the file; throws when the document is incomplete. */
  end(): void {
    if (this.phase !== Phase.Done) throw new InputError(this.input, '$', 'not valid JSON (unexpected end of input)');
    if (!this.seenClusters && !this.shape) this.shape = { standIn: {} };
  }

  private syntax(at: number, problem: string): InputError {
    return new InputError(this.input, '$', `not valid JSON (${problem} at byte ${this.offset + at})`);
  }

  private beginCollect(what: Collecting): void {
    this.phase = Phase.Collect;
    this.collecting = what;
    this.started = false;
  }

  /** One non-blank byte between values; returns where to go on. */
  private structural(i: number, b: number): number {
    const found = `found "${String.fromCharCode(b)}"`;
    switch (this.phase) {
      case Phase.Root:
        if (b !== OPEN_OBJECT) {
          this.shape = { standIn: standInFor(b) };
          this.phase = Phase.Done;
          this.stopped = true; // the root's type decides the error; the rest is not read
        } else this.phase = Phase.KeyOrEnd;
        return i + 1;
      case Phase.KeyOrEnd:
        if (b === CLOSE_OBJECT && this.closeAllowed) this.phase = Phase.Done;
        else if (b === QUOTE) {
          this.beginCollect(Collecting.Key);
          return i;
        } else throw this.syntax(i, `expected a property name, ${found}`);
        return i + 1;
      case Phase.Colon:
        if (b !== COLON) throw this.syntax(i, `expected ":", ${found}`);
        if (this.key !== 'clusters') this.beginCollect(Collecting.Member);
        else if (this.seenClusters) throw new InputError(this.input, '$.clusters', 'appears twice');
        else {
          this.seenClusters = true;
          this.phase = Phase.Collect;
          this.collecting = Collecting.Member;
          this.started = false;
          this.clustersNext = true; // the next non-blank byte decides: an array opens element mode
        }
        return i + 1;
      case Phase.AfterMember:
        if (b === COMMA) {
          this.phase = Phase.KeyOrEnd;
          this.closeAllowed = false;
        } else if (b === CLOSE_OBJECT) this.phase = Phase.Done;
        else throw this.syntax(i, `expected "," or "}", ${found}`);
        return i + 1;
      case Phase.ElementOrEnd:
        if (b === CLOSE_ARRAY && this.closeAllowed) this.phase = Phase.AfterMember;
        else {
          this.beginCollect(Collecting.Element);
          return i;
        }
        return i + 1;
      case Phase.AfterElement:
        if (b === COMMA) {
          this.phase = Phase.ElementOrEnd;
          this.closeAllowed = false;
        } else if (b === CLOSE_ARRAY) this.phase = Phase.AfterMember;
        else throw this.syntax(i, `expected "," or "]", ${found}`);
        return i + 1;
      default:
        throw this.syntax(i, `unexpected "${String.fromCharCode(b)}" after the document`);
    }
  }

  /**
   * Tries to read the elements from `i` (an element's `{`) to the chunk's last `},{"id":` in one JSON.parse; true when
   * that worked (they went to `onParsed`; `runEnd` is after the last one), false when the byte scan must read them.
   */
  private parseRun(chunk: Buffer, i: number): boolean {
    this.runFrom = chunk.length; // one try per chunk: after it, or after a failure, the byte scan reads the rest
    if (!this.onParsed) return false;
    const last = chunk.lastIndexOf(BETWEEN_CLUSTERS);
    if (last < i) return false;
    let values: unknown[];
    const text = `[${chunk.toString('utf8', i, last + 1)}]`;
    try {
      values = JSON.parse(text) as unknown[];
    } catch {
      return false;
    }
    // JSON.parse keeps the last of two equal keys: refuse them (cheaply, by length, for compact text)
    const first = this.count;
    refuseDuplicateKeysOf(text, values, this.input, (p) => ['clusters', first + (p[0] as number), ...p.slice(1)]);
    this.phase = Phase.AfterElement;
    this.runEnd = last + 1;
    for (const value of values) this.onParsed(value, this.count++);
    return true;
  }

  /** Starts collecting a value whose first byte is at `i`. */
  private startAt(i: number): void {
    this.started = true;
    this.start = i;
    this.depth = 0;
    this.inString = false;
    this.skip = 0;
    this.parts = [];
  }

  /** Reads the value being collected from `i`; returns where to go on (after it, or the chunk's end). */
  private collect(chunk: Buffer, i: number): number {
    const n = chunk.length;
    if (!this.started) {
      while (i < n && isSpace(chunk[i]!)) i++;
      if (i === n) return n;
      if (this.clustersNext) {
        this.clustersNext = false;
        if (chunk[i] === OPEN_ARRAY) {
          this.phase = Phase.ElementOrEnd;
          this.closeAllowed = true;
          return i + 1;
        }
        this.shape = { standIn: { clusters: standInFor(chunk[i]!) } };
      }
      this.startAt(i);
    }
    const end = valueEnd(chunk, i, this);
    return end < 0 ? n : this.finish(chunk, end);
  }

  /** The value ends before `end`: a key is kept, a member is checked and dropped, an element goes to the callback. */
  private finish(chunk: Buffer, end: number): number {
    const tail = chunk.subarray(this.start, end);
    const text = (this.parts.length ? Buffer.concat([...this.parts, tail]) : tail).toString('utf8');
    this.parts = [];
    this.started = false;
    if (this.collecting === Collecting.Element) {
      this.phase = Phase.AfterElement;
      this.onCluster(text, this.count++);
      return end;
    }
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      throw new InputError(this.input, '$', `not valid JSON (${(error as Error).message})`, { cause: error });
    }
    if (this.collecting === Collecting.Key) {
      this.key = value as string;
      if (this.rootKeys.includes(this.key) && this.key !== 'clusters') throw new InputError(this.input, jsonPath([this.key]), `the key "${this.key}" appears twice in the same object (JSON would keep only the last): remove one`);
      this.rootKeys.push(this.key);
      this.phase = Phase.Colon;
    } else this.phase = Phase.AfterMember;
    return end;
  }
}
