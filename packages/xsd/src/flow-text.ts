// Bytes to text for flow files, streaming: the encoding comes from the BOM or the XML declaration,
// never guessed. Undecodable bytes are an error, not replacement characters, so a value is never
// silently changed on its way to the XSD.
import { FlowFormatError } from './flow-types.ts';

export type FlowChunk = Buffer | Uint8Array | string;

interface Decoder {
  decode(bytes: Uint8Array, last: boolean): string;
}

function textDecoder(label: string): Decoder {
  const decoder = new TextDecoder(label, { fatal: true, ignoreBOM: true });
  return {
    decode(bytes, last) {
      try {
        return decoder.decode(bytes, { stream: !last });
      } catch {
        throw new FlowFormatError('BAD_ENCODING', `The file is not valid ${decoder.encoding.toUpperCase()} text`);
      }
    },
  };
}

/** ISO-8859-1 proper (TextDecoder's "iso-8859-1" is windows-1252); one byte per character, so chunking is harmless. */
const LATIN1: Decoder = { decode: (bytes) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1') };

const LATIN1_LABELS = new Set(['iso-8859-1', 'iso8859-1', 'iso_8859-1', 'latin1', 'latin-1', 'l1', 'iso-ir-100', 'cp819', 'ibm819']);
const UTF8_LABELS = new Set(['utf-8', 'utf8', 'us-ascii', 'ascii']);

/** The decoder for an encoding name from an XML declaration, or an UNSUPPORTED_ENCODING error. */
function decoderFor(declared: string): Decoder {
  const label = declared.toLowerCase();
  if (UTF8_LABELS.has(label)) return textDecoder('utf-8');
  if (LATIN1_LABELS.has(label)) return LATIN1;
  try {
    return textDecoder(label);
  } catch {
    throw new FlowFormatError('UNSUPPORTED_ENCODING', `The XML declaration names an encoding the hub cannot read; send UTF-8 (or ISO-8859-1)`);
  }
}

const DECLARATION = /^<\?xml[\s\S]*?encoding\s*=\s*["']([A-Za-z][A-Za-z0-9._-]*)["'][\s\S]*?\?>/;

/** Encoding of a byte stream from its first bytes: BOM, then the XML declaration (XML only), else UTF-8. */
function sniff(head: Uint8Array, xml: boolean): { decoder: Decoder; skip: number } {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return { decoder: textDecoder('utf-8'), skip: 3 };
  if (xml && head[0] === 0xfe && head[1] === 0xff) return { decoder: textDecoder('utf-16be'), skip: 2 };
  if (xml && head[0] === 0xff && head[1] === 0xfe) return { decoder: textDecoder('utf-16le'), skip: 2 };
  if (xml && head[0] === 0x3c && head[1] === 0x00 && head[2] === 0x3f && head[3] === 0x00) return { decoder: textDecoder('utf-16le'), skip: 0 };
  if (xml && head[0] === 0x00 && head[1] === 0x3c && head[2] === 0x00 && head[3] === 0x3f) return { decoder: textDecoder('utf-16be'), skip: 0 };
  if (xml) {
    const start = Buffer.from(head.buffer, head.byteOffset, Math.min(head.byteLength, 1024)).toString('latin1');
    const declared = DECLARATION.exec(start)?.[1];
    if (declared !== undefined) {
      if (/^utf-?16/i.test(declared)) throw new FlowFormatError('BAD_ENCODING', 'The XML declaration says UTF-16 but the file has no UTF-16 byte order mark or layout');
      return { decoder: decoderFor(declared), skip: 0 };
    }
  }
  return { decoder: textDecoder('utf-8'), skip: 0 };
}

/**
 * Decodes a flow's chunks to text. Strings pass through (a leading BOM is dropped). For bytes, XML
 * takes the encoding from the BOM or the XML declaration (UTF-8, UTF-16 with BOM, ISO-8859-1 and the
 * other encodings TextDecoder knows), CSV is UTF-8 with an optional BOM. Undecodable bytes throw
 * BAD_ENCODING, an unknown declared encoding UNSUPPORTED_ENCODING.
 */
export async function* decodeFlow(source: AsyncIterable<FlowChunk> | Iterable<FlowChunk>, format: 'XML' | 'CSV'): AsyncGenerator<string> {
  let decoder: Decoder | undefined;
  let head: Uint8Array = new Uint8Array(0);
  let first = true;
  const xml = format === 'XML';
  for await (const chunk of source) {
    if (typeof chunk === 'string') {
      if (decoder !== undefined) {
        const rest = decoder.decode(new Uint8Array(0), true);
        if (rest !== '') yield rest;
        decoder = undefined;
      }
      const text = first && chunk.charCodeAt(0) === 0xfeff ? chunk.slice(1) : chunk;
      if (chunk !== '') first = false;
      if (text !== '') yield text;
      continue;
    }
    const bytes: Uint8Array = chunk;
    if (bytes.byteLength === 0) continue;
    if (decoder === undefined && first) {
      // Wait for enough bytes to read a BOM and an XML declaration.
      head = head.byteLength === 0 ? bytes : Buffer.concat([head, bytes]);
      if (head.byteLength < 1024 && !(xml ? head.includes(0x3e) : head.byteLength >= 3)) continue;
      const found = sniff(head, xml);
      decoder = found.decoder;
      first = false;
      const text = decoder.decode(head.subarray(found.skip), false);
      head = new Uint8Array(0);
      if (text !== '') yield text;
      continue;
    }
    decoder ??= textDecoder('utf-8');
    const text = decoder.decode(bytes, false);
    if (text !== '') yield text;
  }
  if (head.byteLength > 0) {
    const found = sniff(head, xml);
    const text = found.decoder.decode(head.subarray(found.skip), true);
    if (text !== '') yield text;
    return;
  }
  if (decoder !== undefined) {
    const rest = decoder.decode(new Uint8Array(0), true);
    if (rest !== '') yield rest;
  }
}
