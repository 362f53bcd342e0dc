import { describe, expect, it } from 'vitest';
import { endMarker } from '../src/end-marker.js';
import { LineSplitter } from '../src/line-capture.js';

function collect(): { events: string[]; splitter: LineSplitter } {
  const events: string[] = [];
  const splitter = new LineSplitter('stdout', {
    line: (_stream, line) => events.push(`line:${line}`),
    marker: (_stream, id) => events.push(`end:${id}`),
  });
  return { events, splitter };
}

describe('LineSplitter', () => {
  it('joins lines torn across chunks and splits chunks holding several lines', () => {
    const { events, splitter } = collect();
    splitter.push(Buffer.from('he'));
    splitter.push(Buffer.from('llo\nwor'));
    splitter.push(Buffer.from('ld\nagain\n'));
    expect(events).toEqual(['line:hello', 'line:world', 'line:again']);
  });

  it('keeps multi-byte characters split across chunks intact', () => {
    const { events, splitter } = collect();
    const bytes = Buffer.from('héllo 한국\n');
    splitter.push(bytes.subarray(0, 2));
    splitter.push(bytes.subarray(2, 9));
    splitter.push(bytes.subarray(9));
    expect(events).toEqual(['line:héllo 한국']);
  });

  it('flushes a final line without newline when the stream ends', () => {
    const { events, splitter } = collect();
    splitter.push(Buffer.from('a\nb'));
    splitter.end();
    expect(events).toEqual(['line:a', 'line:b']);
  });

  it('recognises the end marker, also right after a partial line', () => {
    const { events, splitter } = collect();
    splitter.push(Buffer.from(`one\n${endMarker(7)}partial${endMarker(8)}`));
    expect(events).toEqual(['line:one', 'end:7', 'line:partial', 'end:8']);
  });

  it('strips the carriage return of CRLF lines', () => {
    const { events, splitter } = collect();
    splitter.push('dos\r\n');
    expect(events).toEqual(['line:dos']);
  });
});
