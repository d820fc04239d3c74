import { HeapSnapshotError } from './errors.js'

/** A typed array that receives one field of a flat snapshot array. */
export type NumericColumn = Uint8Array | Uint32Array | Float64Array

/**
 * Where the scanner writes the numbers of one flat array (`nodes` or `edges`). The array
 * is `rows × fieldCount` numbers; field `f` of row `r` goes to `columns[f][r]`.
 */
export interface NumericTarget {
  readonly fieldCount: number
  readonly rows: number
  /** `columns[f]` receives field `f`; `null` drops that field (no memory spent on it). */
  readonly columns: ReadonlyArray<NumericColumn | null>
  /** Index of a field whose values are also summed into {@link NumericTarget.sum}, or -1. */
  readonly sumField: number
  sum: number
  /** How many numbers were read, to check against `rows × fieldCount`. */
  values: number
}

/** What the scanner does with each top-level member of the snapshot object. */
export interface ScannerSink {
  /** Receives the raw JSON text of the `snapshot` member (meta, node and edge counts). */
  onHeader(json: string): void
  /** `'strings'` to receive each string via `onString`, a target for numbers, or skip. */
  targetFor(key: string): NumericTarget | 'strings' | undefined
  onString(value: string): void
}

// Scanner states. Plain numbers rather than an enum: the hot loop compares them often.
const START = 0
const KEY_OR_END = 1
const KEY = 2
const COLON = 3
const VALUE = 4
const NUMBERS = 5
const STRINGS = 6
const STRING_TOKEN = 7
const RAW = 8
const DONE = 9

// Kinds of value skipped (or captured) by the RAW state.
const RAW_CONTAINER = 0
const RAW_STRING = 1
const RAW_PRIMITIVE = 2

const QUOTE = 0x22
const BACKSLASH = 0x5c
const COMMA = 0x2c
const COLON_CHAR = 0x3a
const OPEN_BRACE = 0x7b
const CLOSE_BRACE = 0x7d
const OPEN_BRACKET = 0x5b
const CLOSE_BRACKET = 0x5d

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09
}

/**
 * A push-based scanner for the JSON that V8 writes for a heap snapshot:
 * `{"snapshot":{…},"nodes":[…],"edges":[…],…,"strings":[…]}`.
 *
 * Why not `JSON.parse`: a snapshot of a 500 MB heap is hundreds of MB of text holding
 * tens of millions of numbers; parsing it whole needs the text plus a boxed JS array,
 * several times the heap. This scanner works on raw bytes chunk by chunk, writes numbers
 * straight into typed arrays and decodes only the strings. It holds at most one partial
 * string token or the small `snapshot` header between chunks.
 *
 * It is tolerant of whitespace and member order, but assumes what V8 writes: `nodes` and
 * `edges` hold non-negative integers, and `snapshot` comes before them.
 */
export class SnapshotScanner {
  readonly #sink: ScannerSink
  #state = START
  #offset = 0
  #key: Buffer[] = []
  #currentKey = ''
  #target: NumericTarget | undefined
  // Number-parsing state carried across chunks.
  #acc = 0
  #inNumber = false
  #field = 0
  #row = 0
  // String-token state carried across chunks.
  #token: Buffer[] = []
  #tokenEscaped = false
  #escapeNext = false
  // RAW (skip or capture) state.
  #rawKind = RAW_CONTAINER
  #rawDepth = 0
  #rawInString = false
  #rawCapture: Buffer[] | undefined

  constructor(sink: ScannerSink) {
    this.#sink = sink
  }

  /** Bytes consumed so far. */
  get offset(): number {
    return this.#offset
  }

  /** Feeds the next chunk of snapshot text. */
  push(input: Uint8Array | string): void {
    const chunk =
      typeof input === 'string'
        ? Buffer.from(input, 'utf8')
        : Buffer.from(input.buffer, input.byteOffset, input.byteLength)
    let i = 0
    while (i < chunk.length) {
      switch (this.#state) {
        case NUMBERS:
          i = this.#scanNumbers(chunk, i)
          break
        case STRINGS:
          i = this.#scanStrings(chunk, i)
          break
        case STRING_TOKEN:
          i = this.#scanStringToken(chunk, i)
          break
        case RAW:
          i = this.#scanRaw(chunk, i)
          break
        default:
          i = this.#scanStructure(chunk, i)
      }
    }
    this.#offset += chunk.length
  }

  /** Checks that the text ended where a snapshot ends. */
  finish(): void {
    if (this.#state !== DONE) this.#fail('the snapshot text ended early', 0)
  }

  #fail(message: string, at: number): never {
    throw new HeapSnapshotError(
      'Malformed',
      `Malformed heap snapshot: ${message}`,
      this.#offset + at,
    )
  }

  #scanStructure(chunk: Buffer, start: number): number {
    let i = start
    for (; i < chunk.length; i++) {
      const c = chunk[i]!
      switch (this.#state) {
        case START:
          if (isSpace(c)) continue
          if (c !== OPEN_BRACE) this.#fail('expected `{` at the start', i)
          this.#state = KEY_OR_END
          continue
        case KEY_OR_END:
          if (isSpace(c) || c === COMMA) continue
          if (c === CLOSE_BRACE) {
            this.#state = DONE
            continue
          }
          if (c !== QUOTE) this.#fail('expected a member name', i)
          this.#state = KEY
          this.#key = []
          return i + 1
        case KEY: {
          const end = chunk.indexOf(QUOTE, i)
          if (end === -1) {
            this.#key.push(chunk.subarray(i))
            return chunk.length
          }
          this.#key.push(chunk.subarray(i, end))
          this.#currentKey = Buffer.concat(this.#key).toString('utf8')
          this.#key = []
          this.#state = COLON
          return end + 1
        }
        case COLON:
          if (isSpace(c)) continue
          if (c !== COLON_CHAR) this.#fail(`expected \`:\` after "${this.#currentKey}"`, i)
          this.#state = VALUE
          continue
        case VALUE:
          if (isSpace(c)) continue
          return this.#startValue(chunk, i)
        case DONE:
          if (isSpace(c)) continue
          this.#fail('unexpected text after the end', i)
      }
    }
    return i
  }

  #startValue(chunk: Buffer, i: number): number {
    const c = chunk[i]!
    const key = this.#currentKey
    if (key === 'snapshot') return this.#startRaw(chunk, i, true)
    const target = this.#sink.targetFor(key)
    if (target === undefined) return this.#startRaw(chunk, i, false)
    if (c !== OPEN_BRACKET) this.#fail(`expected an array for "${key}"`, i)
    if (target === 'strings') {
      this.#state = STRINGS
      return i + 1
    }
    this.#target = target
    this.#acc = 0
    this.#inNumber = false
    this.#field = 0
    this.#row = 0
    this.#state = NUMBERS
    return i + 1
  }

  #scanNumbers(chunk: Buffer, start: number): number {
    const target = this.#target!
    const { columns, fieldCount, rows, sumField } = target
    let acc = this.#acc
    let inNumber = this.#inNumber
    let field = this.#field
    let row = this.#row
    let i = start
    for (; i < chunk.length; i++) {
      const c = chunk[i]!
      if (c >= 0x30 && c <= 0x39) {
        acc = acc * 10 + (c - 0x30)
        inNumber = true
        continue
      }
      if (inNumber) {
        if (row >= rows) this.#fail(`"${this.#currentKey}" holds more rows than its count`, i)
        const column = columns[field]
        if (column) column[row] = acc
        if (field === sumField) target.sum += acc
        target.values++
        field++
        if (field === fieldCount) {
          field = 0
          row++
        }
        acc = 0
        inNumber = false
      }
      if (c === COMMA || isSpace(c)) continue
      if (c === CLOSE_BRACKET) {
        this.#state = KEY_OR_END
        this.#target = undefined
        i++
        break
      }
      this.#fail(`unexpected byte ${c} in "${this.#currentKey}"`, i)
    }
    this.#acc = acc
    this.#inNumber = inNumber
    this.#field = field
    this.#row = row
    return i
  }

  #scanStringToken(chunk: Buffer, start: number): number {
    for (let i = start; i < chunk.length; i++) {
      const c = chunk[i]!
      if (this.#escapeNext) {
        this.#escapeNext = false
        continue
      }
      if (c === BACKSLASH) {
        this.#escapeNext = true
        this.#tokenEscaped = true
        continue
      }
      if (c !== QUOTE) continue
      this.#token.push(chunk.subarray(start, i))
      const raw = this.#token.length === 1 ? this.#token[0]! : Buffer.concat(this.#token)
      const text = raw.toString('utf8')
      this.#sink.onString(this.#tokenEscaped ? (JSON.parse(`"${text}"`) as string) : text)
      this.#token = []
      this.#state = STRINGS
      return i + 1
    }
    // The token continues in the next chunk: keep a copy, the stream may reuse its buffer.
    this.#token.push(Buffer.from(chunk.subarray(start)))
    return chunk.length
  }

  #scanStrings(chunk: Buffer, start: number): number {
    for (let i = start; i < chunk.length; i++) {
      const c = chunk[i]!
      if (isSpace(c) || c === COMMA) continue
      if (c === CLOSE_BRACKET) {
        this.#state = KEY_OR_END
        return i + 1
      }
      if (c !== QUOTE) this.#fail('expected a string in "strings"', i)
      this.#state = STRING_TOKEN
      this.#tokenEscaped = false
      this.#escapeNext = false
      return i + 1
    }
    return chunk.length
  }

  #startRaw(chunk: Buffer, i: number, capture: boolean): number {
    const c = chunk[i]!
    this.#rawKind =
      c === OPEN_BRACE || c === OPEN_BRACKET
        ? RAW_CONTAINER
        : c === QUOTE
          ? RAW_STRING
          : RAW_PRIMITIVE
    this.#rawDepth = 0
    this.#rawInString = false
    this.#escapeNext = false
    this.#rawCapture = capture ? [] : undefined
    this.#state = RAW
    return i
  }

  #scanRaw(chunk: Buffer, start: number): number {
    let i = start
    let ended = false
    for (; i < chunk.length; i++) {
      const c = chunk[i]!
      if (this.#rawInString) {
        if (this.#escapeNext) this.#escapeNext = false
        else if (c === BACKSLASH) this.#escapeNext = true
        else if (c === QUOTE) {
          this.#rawInString = false
          if (this.#rawKind === RAW_STRING) {
            i++
            ended = true
            break
          }
        }
        continue
      }
      if (this.#rawKind === RAW_PRIMITIVE) {
        if (c === COMMA || c === CLOSE_BRACE || isSpace(c)) {
          ended = true
          break
        }
        continue
      }
      if (c === QUOTE) this.#rawInString = true
      else if (c === OPEN_BRACE || c === OPEN_BRACKET) this.#rawDepth++
      else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
        this.#rawDepth--
        if (this.#rawDepth === 0) {
          i++
          ended = true
          break
        }
      }
    }
    this.#rawCapture?.push(Buffer.from(chunk.subarray(start, i)))
    if (ended) {
      const captured = this.#rawCapture
      this.#rawCapture = undefined
      this.#state = KEY_OR_END
      if (captured) this.#sink.onHeader(Buffer.concat(captured).toString('utf8'))
    }
    return i
  }
}
