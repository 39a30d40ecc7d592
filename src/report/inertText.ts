/**
 * Text from a fleet (cluster, extension and ring names, reasons) made inert for the views people read, one helper for
 * every render point: control characters (C0, DEL, C1) and bidirectional overrides and isolates are shown as visible
 * `\xNN` / `\u{NNNN}` text, as the CLI table shows them (src/cli/terminalText.ts), so a name cannot reorder a line or
 * pass for another. The status page and the HTML report embed the same rule (`SHOW_CONTROLS_SCRIPT`); the Markdown
 * report also escapes what Markdown would act on (HTML, links, emphasis) and breaks @mentions and bare links.
 */

/** The characters shown escaped: C0, DEL, C1, ALM, LRM/RLM, LRE…RLO, LRI…PDI. */
// eslint-disable-next-line no-control-regex -- control characters are what this escapes
export const CONTROL_AND_BIDI = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/gu;

/** `text` with every control character and bidi control shown as visible escape text. */
export function showControls(text: string): string {
  return text.replace(CONTROL_AND_BIDI, (c) => {
    const code = c.codePointAt(0) ?? 0;
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u{${code.toString(16)}}`;
  });
}

/** The same rule as browser script (ES2017), for the page and the HTML report: defines `showControls(text)`. */
export const SHOW_CONTROLS_SCRIPT = `var CONTROL_AND_BIDI = new RegExp(${JSON.stringify(CONTROL_AND_BIDI.source)}, 'gu');
  function showControls(text) {
    return String(text).replace(CONTROL_AND_BIDI, function (c) {
      var code = c.codePointAt(0) || 0;
      return code <= 0xff ? '\\\\x' + ('0' + code.toString(16)).slice(-2) : '\\\\u{' + code.toString(16) + '}';
    });
  }`;

/**
 * ASCII punctuation Markdown (GitHub-flavoured) acts on in the middle of a line (HTML, entities, code, emphasis, link
 * and image brackets, table pipes, strikethrough): each is written backslash-escaped. What acts only at a line's start
 * (`-`, `#`, `+`) is left as it is: fleet text is never at a line's start.
 */
const MARKDOWN_PUNCTUATION = /[\\`*_[\]<>|~&]/g;
const ZERO_WIDTH_SPACE = '\u200b';

/**
 * `text` for a Markdown table cell or line, inert: controls shown, line breaks as spaces, HTML, links, images and
 * emphasis escaped; `@name` and bare `scheme://` / `www.` links broken by a zero-width space so GitHub neither
 * notifies nor links.
 */
export function markdownInert(text: string): string {
  return showControls(text.replace(/\r\n|[\r\n]/g, ' '))
    .replace(MARKDOWN_PUNCTUATION, (c) => `\\${c}`)
    .replace(/@/g, `@${ZERO_WIDTH_SPACE}`)
    .replace(/:\/\//g, `:${ZERO_WIDTH_SPACE}//`)
    .replace(/\bwww\./gi, (w) => `${w.slice(0, 3)}${ZERO_WIDTH_SPACE}.`);
}
