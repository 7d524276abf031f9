import { describe, expect, it } from 'vitest';
import { closestMatch, didYouMean, editDistance } from '../../src/core/did-you-mean.js';

const REQUEST_FIELDS = ['name', 'principal', 'action', 'resource', 'context', 'sessionPolicy', 'sessionTags', 'sessionIssuer', 'impliedActions', 'expect', 'expectResidual', 'rule', 'source'];
const USER_FIELDS = ['name', 'path', 'id', 'groups', 'policies', 'boundary', 'tags', 'accessKeys'];

describe('editDistance (optimal string alignment)', () => {
  it.each([
    ['', '', 0],
    ['', 'abc', 3],
    ['abc', '', 3],
    ['abc', 'abc', 0],
    ['abc', 'abd', 1],
    ['abc', 'acb', 1],
    ['ca', 'abc', 3],
    ['expected', 'expect', 2],
    ['polices', 'policies', 1],
    ['kitten', 'sitting', 3],
  ])('%j → %j: %i', (a, b, distance) => {
    expect(editDistance(a, b)).toBe(distance);
    expect(editDistance(b, a)).toBe(distance);
  });
});

describe('closestMatch', () => {
  it.each<[word: string, candidates: readonly string[], match: string | undefined]>([
    ['expected', REQUEST_FIELDS, 'expect'],
    ['polices', USER_FIELDS, 'policies'],
    ['Princpal', REQUEST_FIELDS, 'principal'],
    ['resouce', REQUEST_FIELDS, 'resource'],
    ['acton', REQUEST_FIELDS, 'action'],
    ['Expect', REQUEST_FIELDS, 'expect'],
    ['PRINCIPAL', REQUEST_FIELDS, 'principal'],
    ['sesionTags', REQUEST_FIELDS, 'sessionTags'],
    ['accesKeys', USER_FIELDS, 'accessKeys'],
    ['ix', USER_FIELDS, 'id'],
    ['zebra', REQUEST_FIELDS, undefined],
    ['completelyDifferent', REQUEST_FIELDS, undefined],
    ['expect', [], undefined],
  ])('%j → %j', (word, candidates, match) => {
    expect(closestMatch(word, candidates)).toBe(match);
  });

  it('prefers a match that differs only in case over a closer one', () => {
    expect(closestMatch('Abc', ['abd', 'ABC'])).toBe('ABC');
  });

  it('breaks ties by candidate order', () => {
    expect(closestMatch('cat', ['bat', 'cut'])).toBe('bat');
    expect(closestMatch('cat', ['cut', 'bat'])).toBe('cut');
  });
});

describe('didYouMean', () => {
  it('phrases the closest match as help', () => {
    expect(didYouMean('expected', REQUEST_FIELDS)).toBe('did you mean `expect`?');
    expect(didYouMean('polices', USER_FIELDS)).toBe('did you mean `policies`?');
  });

  it('is undefined when nothing is close', () => {
    expect(didYouMean('completelyDifferent', REQUEST_FIELDS)).toBeUndefined();
  });
});
