import { Transform } from "node:stream";

/** React 18's streaming renderer encodes into views of this many bytes (react-dom/server, VIEW_SIZE). */
const REACT_VIEW_SIZE = 2048;

/**
 * React 18.3 writes a whole 2048-byte view when a multi-byte character does not fit at its end, so up to 3 unwritten
 * zero bytes reach the page (facebook/react#24985, fixed by #26228 in React 19 only): "giấy t\0ờ". The padding is
 * dropped from such full views; a zero byte never ends a real UTF-8 text chunk React writes.
 */
export function withoutPaddingBytes(): Transform {
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      let end = chunk.length;
      if (end === REACT_VIEW_SIZE) while (end > REACT_VIEW_SIZE - 3 && chunk[end - 1] === 0) end--;
      callback(null, end === chunk.length ? chunk : chunk.subarray(0, end));
    },
  });
}
