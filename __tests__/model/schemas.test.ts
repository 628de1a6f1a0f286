import { geminiSchema, parseAnswer, stripFences } from '../../src/model/schemas.js';

describe('schemas', () => {
  it('parses fenced JSON and validates it', async () => {
    const r = await parseAnswer(
      'patch',
      '```json\n{"edits":[{"file":"a.py","search":"x","replace":"y"}],"explanation":"e"}\n```'
    );
    expect(r.ok).toBe(true);
  });

  it.each([
    ['not JSON', 'Sure, here you go', /not JSON/],
    ['a wrong shape', '{"edits":"x","explanation":"e"}', /does not match the patch schema/],
    ['an empty edit list', '{"edits":[],"explanation":"e"}', /fewer than 1/],
    ['an empty search text', '{"edits":[{"file":"a","search":"","replace":"y"}],"explanation":"e"}', /search/]
  ])('rejects %s without throwing', async (_n, text, why) => {
    const r = await parseAnswer('patch', text);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(why);
  });

  it('checks the diagnosis confidence range', async () => {
    expect(
      (await parseAnswer('diagnosis', '{"rootCause":"x","category":"test","confidence":1.5,"plan":"p"}')).ok
    ).toBe(false);
    expect(
      (await parseAnswer('diagnosis', '{"rootCause":"x","category":"test","confidence":0.5,"plan":"p"}')).ok
    ).toBe(true);
  });

  it('gives Gemini upper-case types and a property order', () => {
    const s = geminiSchema('patch') as {
      type: string;
      propertyOrdering: string[];
      properties: { edits: { items: { type: string } } };
    };
    expect(s.type).toBe('OBJECT');
    expect(s.propertyOrdering).toEqual(['edits', 'explanation']);
    expect(s.properties.edits.items.type).toBe('OBJECT');
  });

  it('strips only an enclosing fence', () => {
    expect(stripFences(' {"a":1} ')).toBe('{"a":1}');
  });
});
