import { SEED_TEXT } from '../helpers/seed.ts';

/** The seed release (English). */
export const SEED = SEED_TEXT;

/** Our Chinese rendering of the seed's secrecy paragraphs (the release was translated from Chinese). */
export const SEED_SECRECY_ZH =
  '认真学习领会习近平总书记关于保密工作的重要指示精神，进一步增强领导干部履行保密工作责任制的主动性，' +
  '为加快建设新时代社会主义现代化强省会提供保障。\n' +
  '会议强调，要充分认识保密工作的极端重要性，树牢底线思维，突出精准施策，强化综合防范，加强技术赋能，' +
  '注重责任落实，扎实做好各项保密安全工作。严格落实保密工作责任制，严防国家秘密泄露，' +
  '做好定密、涉密人员和涉密载体管理，坚持“涉密不上网，上网不涉密”。';
