import type { ClearanceHistory, InspectionCampaign, InspectionTemplate, LetterTemplate } from '../db/tables.ts';
import { markOf } from '../security/marks.ts';
import type { AlertRow } from './alerts.ts';
import type { CarrierWithScope } from './carriers.ts';
import type { ClearanceRequestRow, ClearanceRow, DecisionResult, GrantResult } from './clearances.ts';
import type { CampaignDetail, FindingRow, RectificationRow } from './inspections.ts';
import { itemsOf } from './inspections.ts';
import type { BoardRow, LetterWithTemplate } from './letters.ts';
import type { ReviewRow } from './carrier-reviews.ts';
import type { TrainingRow, TrainingTotal } from './training.ts';

/**
 * Responses for secrecy records. Names of people and units shown beside a record are null with
 * `…Hidden: true` where the reader may not know them (src/security/joined-names.ts).
 * Each record's own level is `recordLevel` (internal: the register
 * describes secrets, it does not hold them); on a carrier, `level` and `mark` are the carrier's.
 */
export function presentClearance(c: ClearanceRow) {
  return {
    personId: c.person_id,
    personName: c.person_name,
    grade: c.grade,
    highestLevel: c.highest_level,
    grantedOn: c.granted_on,
    grantedBy: c.granted_by,
    basis: c.basis,
    recordLevel: c.level,
    mark: markOf(c.level),
    updatedAt: c.updated_at,
  };
}

export function presentGrant(g: GrantResult) {
  return { clearance: presentClearance(g.clearance), accounts: g.accounts, capped: g.capped };
}

export function presentClearanceRequest(r: ClearanceRequestRow) {
  return {
    id: r.id,
    personId: r.person_id,
    personName: r.person_name,
    grade: r.grade,
    grantedOn: r.granted_on,
    grantedBy: r.granted_by,
    basis: r.basis,
    status: r.status,
    requestedBy: r.requested_by_name,
    requestedById: r.requested_by,
    requestedAt: r.requested_at,
    decidedBy: r.decided_by_name,
    decidedAt: r.decided_at,
    decisionNote: r.decision_note,
  };
}

export function presentClearanceDecision(d: DecisionResult) {
  return { request: presentClearanceRequest(d.request), grant: d.grant ? presentGrant(d.grant) : null };
}

export function presentClearanceHistory(h: ClearanceHistory) {
  return {
    id: h.id,
    personId: h.person_id,
    grade: h.grade,
    highestLevel: h.highest_level,
    grantedOn: h.granted_on,
    grantedBy: h.granted_by,
    basis: h.basis,
    accountClearance: h.account_clearance,
    recordedBy: h.recorded_by_name,
    recordedAt: h.created_at,
  };
}

export function presentCarrier(c: CarrierWithScope) {
  return {
    id: c.id,
    title: c.title,
    number: c.number,
    level: c.carrier_level,
    mark: c.mark,
    originalMark: c.original_mark,
    issuedOn: c.issued_on,
    periodEnd: c.period_end,
    declassifiedOn: c.declassified_on,
    custodianPersonId: c.custodian_hidden ? null : c.custodian_person_id,
    custodianName: c.custodian_name,
    custodianHidden: c.custodian_hidden,
    location: c.location,
    copies: c.copies,
    receivedOn: c.received_on,
    state: c.state,
    stateOn: c.state_on,
    stateWitness: c.state_witness,
    scope: c.scope.map((s) => ({ type: s.subject_type, id: s.subject_id, name: s.name, hidden: s.hidden, approvedBy: s.approved_by, addedAt: s.added_at })),
    recordLevel: c.level,
    createdAt: c.created_at,
    updatedAt: c.updated_at,
  };
}

export function presentAlert(a: AlertRow) {
  return {
    id: a.id,
    kind: a.kind,
    carrierId: a.carrier_id,
    carrierTitle: a.carrier_title,
    personId: a.person_id,
    dueOn: a.due_on,
    message: a.message,
    readAt: a.read_at,
    createdAt: a.created_at,
  };
}

export function presentReview(r: ReviewRow) {
  return {
    id: r.id,
    carrierId: r.carrier_id,
    title: r.title,
    number: r.number,
    year: r.year,
    status: r.status,
    carrierLevel: r.carrier_level,
    mark: r.mark,
    periodEnd: r.period_end,
    decision: r.decision,
    newMark: r.new_mark,
    note: r.note,
    decidedBy: r.decided_by_name,
    decidedAt: r.decided_at,
  };
}

export function presentLetterTemplate(t: LetterTemplate) {
  return { id: t.id, year: t.year, version: t.version, title: t.title, text: t.text, hash: t.hash, createdAt: t.created_at };
}

export function presentLetter(l: LetterWithTemplate) {
  return {
    id: l.id,
    year: l.year,
    role: l.role,
    unitId: l.unit_id,
    status: l.status,
    issuedAt: l.issued_at,
    signedAt: l.signed_at,
    signedHash: l.signed_hash,
    template: { id: l.template_id, version: l.template_version, title: l.template_title, text: l.template_text, hash: l.template_hash },
  };
}

export function presentBoardRow(r: BoardRow) {
  return {
    letterId: r.letter_id,
    personId: r.person_id,
    personName: r.person_name,
    role: r.role,
    unitId: r.unit_id,
    unitName: r.unit_name,
    unitHidden: r.unit_hidden,
    status: r.status,
    issuedAt: r.issued_at,
    signedAt: r.signed_at,
    templateVersion: r.template_version,
    signedHash: r.signed_hash,
  };
}

export function presentInspectionTemplate(t: InspectionTemplate) {
  return { id: t.id, name: t.name, items: itemsOf(t), createdAt: t.created_at };
}

export function presentCampaignSummary(c: InspectionCampaign) {
  return { id: c.id, year: c.year, title: c.title, templateId: c.template_id, createdAt: c.created_at };
}

export function presentFinding(f: FindingRow) {
  return {
    id: f.id,
    campaignId: f.campaign_id,
    unitId: f.unit_id,
    unitName: f.unit_name,
    unitHidden: f.unit_hidden,
    itemCode: f.item_code,
    description: f.description,
    severity: f.severity,
    rectification: { id: f.rectification_id, ownerPersonId: f.owner_person_id, ownerName: f.owner_name, ownerHidden: f.owner_hidden, deadline: f.deadline, status: f.rectification_status },
    createdAt: f.created_at,
  };
}

export function presentCampaign(c: CampaignDetail) {
  return {
    ...presentCampaignSummary(c),
    items: c.items,
    units: c.units.map((u) => ({
      unitId: u.unit_id,
      unitName: u.unit_name,
      unitHidden: u.unit_hidden,
      status: u.status,
      submittedAt: u.submitted_at,
      answers: u.answers.map((a) => ({ itemCode: a.item_code, answer: a.answer, evidence: a.evidence, answeredAt: a.answered_at })),
    })),
    findings: c.findings.map(presentFinding),
  };
}

export function presentRectification(r: RectificationRow) {
  return {
    id: r.id,
    findingId: r.finding_id,
    campaignId: r.campaign_id,
    campaignTitle: r.campaign_title,
    year: r.year,
    unitId: r.unit_id,
    unitName: r.unit_name,
    unitHidden: r.unit_hidden,
    description: r.description,
    severity: r.severity,
    ownerPersonId: r.owner_person_id,
    ownerName: r.owner_name,
    ownerHidden: r.owner_hidden,
    deadline: r.deadline,
    status: r.status,
    evidence: r.evidence,
    closedAt: r.closed_at,
    updatedAt: r.updated_at,
  };
}

export function presentTraining(t: TrainingRow) {
  return { id: t.id, personId: t.person_id, personName: t.person_name, course: t.course, date: t.date, hours: Number(t.hours), provider: t.provider };
}

export function presentTrainingTotal(t: TrainingTotal) {
  return { personId: t.person_id, personName: t.person_name, courses: t.courses, hours: t.hours };
}
