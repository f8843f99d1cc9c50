import { describe, expect, it } from '@jest/globals';
import { classifyDeal, indexTouchesByDeal, touchCutoff } from './classes.js';
import { ANY_PARTNER, accountMatcher, partnerMatcher } from './filters.js';
import { compareIds } from './order.js';
import { makeAccount, makeDeal, makePartner, makeTouch } from './testing/builders.js';

const partners = [
  makePartner('P1', { type: 'reseller', tier: 'gold' }),
  makePartner('P2', { type: 'referral', tier: 'silver' }),
  makePartner('P3', { type: 'isv', tier: null }),
];

describe('touchCutoff', () => {
  it('is closed_on for a closed deal, the as-of date for an open one, the earlier of both otherwise', () => {
    const closed = makeDeal('D1', { closed_on: '2026-02-01' });
    const open = makeDeal('D2', { stage: 'open' });
    expect(touchCutoff(closed, null)).toBe('2026-02-01');
    expect(touchCutoff(closed, '2026-03-01')).toBe('2026-02-01');
    // pipeline: "touched_on <= min(closed_on, D)"
    expect(touchCutoff(closed, '2026-01-15')).toBe('2026-01-15');
    expect(touchCutoff(open, '2026-01-15')).toBe('2026-01-15');
  });
});

describe('classifyDeal without partner filters', () => {
  const deal = makeDeal('D1', { closed_on: '2026-02-01' });

  it('sourced when sourcing_partner_id is set, whatever the touches', () => {
    const d = { ...deal, sourcing_partner_id: 'P1' };
    const c = classifyDeal(d, [makeTouch('D1', 'P2', '2026-01-10')], '2026-02-01', ANY_PARTNER);
    expect(c.class).toBe('sourced');
    expect(c.credited_partner_ids).toEqual(['P1']);
    expect(c.counting_touches).toHaveLength(1);
  });

  it('influenced with a touch on or before the close; direct when the only touch is after it', () => {
    const onClose = classifyDeal(
      deal,
      [makeTouch('D1', 'P2', '2026-02-01')],
      '2026-02-01',
      ANY_PARTNER,
    );
    expect(onClose.class).toBe('influenced');
    expect(onClose.credited_partner_ids).toEqual(['P2']);
    const after = classifyDeal(
      deal,
      [makeTouch('D1', 'P2', '2026-02-02')],
      '2026-02-01',
      ANY_PARTNER,
    );
    expect(after.class).toBe('direct');
    expect(after.counting_touches).toEqual([]);
  });

  it('direct with no sourcing partner and no touch', () => {
    expect(classifyDeal(deal, [], '2026-02-01', ANY_PARTNER).class).toBe('direct');
  });

  it('credits each distinct touching partner once, in id order', () => {
    const touches = [
      makeTouch('D1', 'P3', '2026-01-05'),
      makeTouch('D1', 'P10', '2026-01-06'),
      makeTouch('D1', 'P3', '2026-01-07', 'services'),
      makeTouch('D1', 'P2', '2026-01-08'),
    ];
    const c = classifyDeal(deal, touches, '2026-02-01', ANY_PARTNER);
    expect(c.class).toBe('influenced');
    expect(c.credited_partner_ids).toEqual(['P10', 'P2', 'P3']); // string order: 'P10' < 'P2'
    expect(c.counting_touches).toHaveLength(4);
  });

  it('classes an open deal as of a date: a later touch does not count yet', () => {
    const open = makeDeal('D9', { stage: 'open' });
    const touches = [makeTouch('D9', 'P1', '2026-03-10')];
    expect(classifyDeal(open, touches, touchCutoff(open, '2026-03-09'), ANY_PARTNER).class).toBe(
      'direct',
    );
    expect(classifyDeal(open, touches, touchCutoff(open, '2026-03-10'), ANY_PARTNER).class).toBe(
      'influenced',
    );
  });
});

describe('classifyDeal with partner filters', () => {
  const resellers = partnerMatcher(partners, { partner_type: ['reseller'] }); // P1 only
  const deal = makeDeal('D1', { closed_on: '2026-02-01' });

  it('sourced only when the sourcing partner matches; other when it does not, even if a matching partner touched it', () => {
    expect(
      classifyDeal({ ...deal, sourcing_partner_id: 'P1' }, [], '2026-02-01', resellers).class,
    ).toBe('sourced');
    const c = classifyDeal(
      { ...deal, sourcing_partner_id: 'P2' },
      [makeTouch('D1', 'P1', '2026-01-10')],
      '2026-02-01',
      resellers,
    );
    // "influenced only if a matching partner has a counting touch (and it is not sourced by any partner)"
    expect(c.class).toBe('other');
    expect(c.credited_partner_ids).toEqual([]);
  });

  it('influenced only by matching partners; other when only non-matching partners touched it', () => {
    const both = [makeTouch('D1', 'P2', '2026-01-10'), makeTouch('D1', 'P1', '2026-01-11')];
    const c = classifyDeal(deal, both, '2026-02-01', resellers);
    expect(c.class).toBe('influenced');
    expect(c.credited_partner_ids).toEqual(['P1']);
    expect(c.counting_touches).toHaveLength(2); // every counting touch is listed
    expect(
      classifyDeal(deal, [makeTouch('D1', 'P2', '2026-01-10')], '2026-02-01', resellers).class,
    ).toBe('other');
  });

  it('still direct with no partner at all', () => {
    expect(classifyDeal(deal, [], '2026-02-01', resellers).class).toBe('direct');
  });
});

describe('filters', () => {
  it('partner filters AND across fields, OR within a field; a null tier matches no tier', () => {
    const m = partnerMatcher(partners, {
      partner_type: ['reseller', 'isv'],
      partner_tier: ['gold'],
    });
    expect(['P1', 'P2', 'P3'].filter(m)).toEqual(['P1']);
    const isv = partnerMatcher(partners, { partner_type: ['isv'], partner_tier: [] });
    expect(['P1', 'P2', 'P3'].filter(isv)).toEqual(['P3']);
    const ids = partnerMatcher(partners, { partner_id: ['P2', 'P9'] });
    expect(['P1', 'P2', 'P3', 'P9'].filter(ids)).toEqual(['P2']); // P9 is not a known partner
    const none = partnerMatcher(partners, {});
    expect(none('unknown')).toBe(true);
  });

  it('account filters keep accounts whose segment and region match', () => {
    const accounts = [
      makeAccount('A1', { segment: 'SMB', region: 'NA' }),
      makeAccount('A2', { segment: 'Enterprise', region: 'NA' }),
      makeAccount('A3', { segment: null, region: 'EMEA' }),
    ];
    expect(
      ['A1', 'A2', 'A3'].filter(
        accountMatcher(accounts, { segment: ['SMB', 'Enterprise'], region: ['NA'] }),
      ),
    ).toEqual(['A1', 'A2']);
    expect(['A1', 'A2', 'A3'].filter(accountMatcher(accounts, { region: ['EMEA'] }))).toEqual([
      'A3',
    ]);
    expect(
      ['A1', 'A2', 'A3'].filter(accountMatcher(accounts, { segment: ['Mid-Market'] })),
    ).toEqual([]);
  });
});

describe('indexTouchesByDeal', () => {
  it('groups touches by deal, ordered by date then partner', () => {
    const idx = indexTouchesByDeal([
      makeTouch('D1', 'P2', '2026-01-05'),
      makeTouch('D2', 'P1', '2026-01-01'),
      makeTouch('D1', 'P1', '2026-01-05'),
      makeTouch('D1', 'P3', '2026-01-01'),
    ]);
    expect(idx.get('D1')?.map((t) => t.partner_id)).toEqual(['P3', 'P1', 'P2']);
    expect(idx.get('D2')).toHaveLength(1);
  });
});

describe('compareIds', () => {
  it('is code point order (PostgreSQL COLLATE "C" on UTF-8)', () => {
    const ids = ['D9', 'D10', 'd1', 'D1', 'Dé', '\u{1F600}', '\uFF21'];
    expect([...ids].sort(compareIds)).toEqual([
      'D1',
      'D10',
      'D9',
      'Dé',
      'd1',
      '\uFF21',
      '\u{1F600}',
    ]);
  });
});
