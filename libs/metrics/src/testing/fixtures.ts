// Small hand-written datasets shared by the unit tests; the expected figures are worked
// out by hand in the specs that use them (board.spec.ts, cro.spec.ts, cmo.spec.ts,
// cfo.spec.ts, drilldown.spec.ts).
import {
  makeAccount,
  makeArr,
  makeAttachment,
  makeDataset,
  makeDeal,
  makePartner,
  makeSpend,
  makeTouch,
} from './builders.js';

// Q1 2026. Hand-computed below.
export const BOARD_PERIOD = { from: '2026-01-01', to: '2026-03-31' };

export const boardDataset = makeDataset({
  partners: [
    makePartner('P1', { type: 'reseller', tier: 'gold' }),
    makePartner('P2', { type: 'referral', tier: 'silver' }),
    makePartner('P3', { type: 'isv' }),
  ],
  accounts: [
    makeAccount('A1', { segment: 'SMB', region: 'NA' }),
    makeAccount('A2', { segment: 'Enterprise', region: 'EMEA' }),
  ],
  deals: [
    // sourced by P1 (and touched by P3 before close)
    makeDeal('D1', {
      account_id: 'A1',
      amount: '1000.10',
      created_on: '2025-12-01',
      closed_on: '2026-01-15',
      sourcing_partner_id: 'P1',
    }),
    // expansion influenced by P2
    makeDeal('D2', {
      account_id: 'A1',
      amount: '2000.20',
      type: 'expansion',
      created_on: '2025-12-01',
      closed_on: '2026-02-10',
    }),
    // closes on the last day of P; P2's only touch is after the close, so it is direct
    makeDeal('D3', {
      account_id: 'A2',
      amount: '300.30',
      created_on: '2025-12-01',
      closed_on: '2026-03-31',
    }),
    // a renewal: never bookings
    makeDeal('D4', {
      account_id: 'A2',
      amount: '5000',
      type: 'renewal',
      created_on: '2025-12-01',
      closed_on: '2026-02-01',
      sourcing_partner_id: 'P1',
    }),
    // closes the day before P
    makeDeal('D5', {
      account_id: 'A1',
      amount: '400.40',
      created_on: '2025-11-01',
      closed_on: '2025-12-31',
      sourcing_partner_id: 'P1',
    }),
    // lost, created in P and sourced by P1
    makeDeal('D6', {
      account_id: 'A2',
      amount: '700',
      stage: 'lost',
      created_on: '2026-01-05',
      closed_on: '2026-01-20',
      sourcing_partner_id: 'P1',
    }),
    // influenced by P3, touched on the close day
    makeDeal('D7', {
      account_id: 'A2',
      amount: '50.05',
      created_on: '2026-01-01',
      closed_on: '2026-03-01',
    }),
    // open, created in P, sourced by P2
    makeDeal('D8', {
      account_id: 'A1',
      amount: '999',
      stage: 'open',
      created_on: '2026-02-01',
      sourcing_partner_id: 'P2',
    }),
  ],
  touches: [
    makeTouch('D1', 'P3', '2026-01-10'),
    makeTouch('D2', 'P2', '2026-02-01'),
    makeTouch('D3', 'P2', '2026-04-02'),
    makeTouch('D7', 'P3', '2026-03-01'),
  ],
});

// H1 2026. All deals new business unless stated.
export const CRO_PERIOD = { from: '2026-01-01', to: '2026-06-30' };

export const croDataset = makeDataset({
  partners: [makePartner('P1', { type: 'reseller' }), makePartner('P2', { type: 'referral' })],
  deals: [
    // sourced by P1: won 10 and 30 days, one lost
    makeDeal('S1', {
      amount: '1000',
      created_on: '2026-01-01',
      closed_on: '2026-01-11',
      sourcing_partner_id: 'P1',
    }),
    makeDeal('S2', {
      amount: '3000',
      created_on: '2026-01-01',
      closed_on: '2026-01-31',
      sourcing_partner_id: 'P1',
    }),
    makeDeal('S3', {
      amount: '500',
      stage: 'lost',
      created_on: '2026-01-01',
      closed_on: '2026-02-01',
      sourcing_partner_id: 'P1',
    }),
    // influenced by P2: won 20 days, and won but closed 9 days before it was created
    makeDeal('I1', { amount: '2000', created_on: '2026-02-01', closed_on: '2026-02-21' }),
    makeDeal('I2', { amount: '4000', created_on: '2026-03-10', closed_on: '2026-03-01' }),
    // direct: won 60 and 90 days, four lost (X9 has only a touch after its close)
    makeDeal('X1', { amount: '1000', created_on: '2026-01-01', closed_on: '2026-03-02' }),
    makeDeal('X2', { amount: '2000', created_on: '2026-01-01', closed_on: '2026-04-01' }),
    makeDeal('X3', { amount: '100', stage: 'lost', closed_on: '2026-02-01' }),
    makeDeal('X4', { amount: '100', stage: 'lost', closed_on: '2026-02-02' }),
    makeDeal('X5', { amount: '100', stage: 'lost', closed_on: '2026-02-03' }),
    makeDeal('X9', { amount: '100', stage: 'lost', closed_on: '2026-02-04' }),
    // not in the CRO figures: renewal, expansion, closed after P, open
    makeDeal('X6', { amount: '9999', type: 'renewal', closed_on: '2026-02-01' }),
    makeDeal('X7', { amount: '9999', type: 'expansion', closed_on: '2026-02-01' }),
    makeDeal('X8', { amount: '5000', closed_on: '2026-07-01' }),
    makeDeal('X10', { amount: '5000', stage: 'open', sourcing_partner_id: 'P1' }),
  ],
  touches: [
    makeTouch('I1', 'P2', '2026-02-10'),
    makeTouch('I2', 'P2', '2026-02-15'),
    makeTouch('X9', 'P2', '2026-02-05'),
  ],
});

// Q1 2026 (CMO): new customers A1 (partner), A2 (direct, tie), A4 (partner), A6 (partner).
export const CMO_PERIOD = { from: '2026-01-01', to: '2026-03-31' };

export const cmoDataset = makeDataset({
  partners: [
    makePartner('P1', { type: 'reseller' }),
    makePartner('P2', { type: 'referral' }),
    makePartner('P3', { type: 'isv' }),
  ],
  accounts: [
    makeAccount('A1', { segment: 'SMB' }),
    makeAccount('A2', { segment: 'SMB' }),
    makeAccount('A3', { segment: 'Enterprise' }),
    makeAccount('A4', { segment: 'Enterprise' }),
    makeAccount('A5', { segment: 'Enterprise' }),
    makeAccount('A6', { segment: 'Enterprise' }),
  ],
  deals: [
    // A1: first win F1a, sourced by P1; a later expansion
    makeDeal('F1a', {
      account_id: 'A1',
      amount: '1000',
      created_on: '2025-12-01',
      closed_on: '2026-01-10',
      sourcing_partner_id: 'P1',
    }),
    makeDeal('F1b', {
      account_id: 'A1',
      amount: '5000',
      type: 'expansion',
      closed_on: '2026-02-01',
    }),
    // A2: two wins on the same day; 'D10' < 'D9' in string order, so the direct D10 is the
    // first win (numeric order would pick the influenced D9)
    makeDeal('D9', {
      account_id: 'A2',
      amount: '500',
      created_on: '2026-01-01',
      closed_on: '2026-02-15',
    }),
    makeDeal('D10', {
      account_id: 'A2',
      amount: '3000',
      created_on: '2026-01-01',
      closed_on: '2026-02-15',
    }),
    // A3: first win before P, so not a new customer in P
    makeDeal('F3a', {
      account_id: 'A3',
      amount: '700',
      created_on: '2025-10-01',
      closed_on: '2025-11-01',
    }),
    makeDeal('F3b', { account_id: 'A3', amount: '800', closed_on: '2026-02-01' }),
    // A4: the first win is a renewal ("any type"), influenced by P3
    makeDeal('F4', {
      account_id: 'A4',
      amount: '800',
      type: 'renewal',
      created_on: '2026-02-01',
      closed_on: '2026-03-05',
    }),
    // A5: lost in P, won after P
    makeDeal('F5a', { account_id: 'A5', amount: '100', stage: 'lost', closed_on: '2026-02-01' }),
    makeDeal('F5b', { account_id: 'A5', amount: '100', closed_on: '2026-04-01' }),
    // A6: first win sourced by P2
    makeDeal('F6', {
      account_id: 'A6',
      amount: '600',
      created_on: '2026-03-01',
      closed_on: '2026-03-20',
      sourcing_partner_id: 'P2',
    }),
  ],
  touches: [makeTouch('D9', 'P2', '2026-02-01'), makeTouch('F4', 'P3', '2026-03-01')],
  spend: [
    makeSpend('2025-12', 'direct', '9999'),
    makeSpend('2026-01', 'partner', '300'),
    makeSpend('2026-01', 'direct', '1000'),
    makeSpend('2026-01', 'shared', '400'),
    makeSpend('2026-02', 'partner', '300.50', 'MDF'),
    makeSpend('2026-02', 'shared', '200'),
    makeSpend('2026-03', 'direct', '500'),
    makeSpend('2026-04', 'partner', '9999'),
  ],
});

// Retention measured at 2026-03-15: E = 2026-03, S = 2025-03, last day of S = 2025-03-31.
export const CFO_PERIOD = { from: '2026-01-01', to: '2026-03-15' };

export const cfoDataset = makeDataset({
  partners: [makePartner('P1', { type: 'reseller' }), makePartner('P2', { type: 'si' })],
  accounts: [
    makeAccount('A1', { region: 'NA' }),
    makeAccount('A2', { region: 'NA' }),
    makeAccount('A3', { region: 'EMEA' }),
    makeAccount('A4', { region: 'EMEA' }),
    makeAccount('A5', { region: 'EMEA' }),
    makeAccount('A6', { region: 'APAC' }),
  ],
  arr: [
    makeArr('A1', '2025-03', '1000'),
    makeArr('A1', '2026-03', '1200'), // expanded
    makeArr('A2', '2025-03', '500'), // no row in 2026-03: ARR 0, churned
    makeArr('A2', '2026-02', '500'),
    makeArr('A3', '2025-03', '2000'),
    makeArr('A3', '2026-03', '1500'), // contracted
    makeArr('A4', '2025-03', '0'), // explicit zero: not in the cohort
    makeArr('A4', '2026-03', '700'),
    makeArr('A5', '2025-04', '300'), // no row in S: not in the cohort
    makeArr('A5', '2026-03', '300'),
    makeArr('A6', '2025-03', '800'),
    makeArr('A6', '2026-03', '0'), // explicit zero: churned
  ],
  attachments: [
    makeAttachment('A1', 'P1', '2025-01-01'), // attached, open-ended
    makeAttachment('A2', 'P2', '2024-01-01', '2025-03-10', 'services'), // ended before the last day of S
    makeAttachment('A3', 'P2', '2025-03-31', '2025-03-31', 'reseller_of_record'), // exactly that day
    makeAttachment('A6', 'P1', '2025-04-01'), // starts after S
  ],
  spend: [
    makeSpend('2025-12', 'partner', '100'),
    makeSpend('2026-01', 'partner', '250'),
    makeSpend('2026-03', 'partner', '150'),
    makeSpend('2026-04', 'partner', '1000'),
  ],
  deals: [
    makeDeal('W1', {
      account_id: 'A1',
      amount: '1000',
      closed_on: '2026-02-01',
      sourcing_partner_id: 'P1',
    }),
  ],
});
