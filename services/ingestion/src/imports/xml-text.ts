// What both XML readers (CIN census, 903) need to turn an upload's bytes into element names and text.
import { TextDecoder } from 'node:util';
import { ImportFileError } from './import-types';

/** An element's name without its namespace prefix. */
export function localName(name: string): string {
  const colon = name.indexOf(':');
  return colon < 0 ? name : name.slice(colon + 1);
}

/** Bytes to text across chunk boundaries; a UTF-16 byte-order mark switches the decoding. */
export function decoderFor(file: string): (chunk?: Buffer) => string {
  let decoder: TextDecoder | undefined;
  return (chunk) => {
    if (!decoder) {
      const bom = chunk && chunk.length >= 2 ? chunk.readUInt16BE(0) : 0;
      const encoding = bom === 0xfffe ? 'utf-16le' : bom === 0xfeff ? 'utf-16be' : 'utf-8';
      try {
        decoder = new TextDecoder(encoding);
      } catch {
        throw new ImportFileError(file, `cannot read a file encoded as ${encoding}`);
      }
    }
    return chunk ? decoder.decode(chunk, { stream: true }) : decoder.decode();
  };
}
