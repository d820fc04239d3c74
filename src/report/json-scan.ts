/**
 * Finds where a JSON text first goes wrong. V8's `JSON.parse` messages give a position
 * only for some errors (Node 20 says `Unexpected token ',', "…" is not valid JSON` with
 * no offset), so the position is found by this small scanner instead, the same on every
 * Node version. It checks syntax only and builds nothing.
 */

const WHITESPACE = new Set([' ', '\t', '\n', '\r'])
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y
// biome-ignore lint/suspicious/noControlCharactersInRegex: JSON forbids raw control characters inside strings; this is how they are rejected
const STRING = /"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/y

class Scanner {
  offset = 0
  constructor(private readonly text: string) {}

  /** Returns the offset of the first error, or `undefined` when the text is valid JSON. */
  scan(): number | undefined {
    try {
      this.value()
      this.skipSpace()
      return this.offset < this.text.length ? this.offset : undefined
    } catch (error) {
      if (error instanceof SyntaxAt) return error.offset
      throw error
    }
  }

  private skipSpace(): void {
    while (WHITESPACE.has(this.text[this.offset] ?? '')) this.offset += 1
  }

  private fail(): never {
    throw new SyntaxAt(this.offset)
  }

  private expect(char: string): void {
    this.skipSpace()
    if (this.text[this.offset] !== char) this.fail()
    this.offset += 1
  }

  private match(pattern: RegExp): void {
    pattern.lastIndex = this.offset
    if (!pattern.test(this.text)) this.fail()
    this.offset = pattern.lastIndex
  }

  private value(): void {
    this.skipSpace()
    const char = this.text[this.offset]
    if (char === '{') this.sequence('}', () => this.member())
    else if (char === '[') this.sequence(']', () => this.value())
    else if (char === '"') this.match(STRING)
    else if (char === '-' || (char !== undefined && char >= '0' && char <= '9')) this.match(NUMBER)
    else {
      const literal = ['true', 'false', 'null'].find((word) =>
        this.text.startsWith(word, this.offset),
      )
      if (literal === undefined) this.fail()
      this.offset += literal.length
    }
  }

  private member(): void {
    this.skipSpace()
    if (this.text[this.offset] !== '"') this.fail()
    this.match(STRING)
    this.expect(':')
    this.value()
  }

  /** `{…}` or `[…]`: items separated by commas, no trailing comma. */
  private sequence(close: string, item: () => void): void {
    this.offset += 1
    this.skipSpace()
    if (this.text[this.offset] === close) {
      this.offset += 1
      return
    }
    for (;;) {
      item()
      this.skipSpace()
      const char = this.text[this.offset]
      this.offset += 1
      if (char === close) return
      if (char !== ',') {
        this.offset -= 1
        this.fail()
      }
    }
  }
}

class SyntaxAt {
  constructor(readonly offset: number) {}
}

/** The 0-based offset of the first syntax error in `text`, or `undefined` if it is valid. */
export function jsonSyntaxErrorOffset(text: string): number | undefined {
  return new Scanner(text).scan()
}
