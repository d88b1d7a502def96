import { useQuery } from '@tanstack/react-query';
import { api, type Page } from './client.ts';

/** News releases (/api/media/releases): a release and its versions, each reviewed, approved and published. */
export const RELEASE_STATES = ['draft', 'reviewed', 'approved', 'scheduled', 'published', 'retracted'] as const;
export type ReleaseState = (typeof RELEASE_STATES)[number];
export type VersionState = ReleaseState | 'superseded';

export interface ReleaseListItem {
  id: string;
  slug: string | null;
  title: string;
  language: 'zh-CN' | 'en';
  author: string;
  level: string;
  mark: string | null;
  state: ReleaseState;
  latestVersion: number;
  liveVersion: number | null;
  publishedAt: string | null;
  scheduledAt: string | null;
  retractedAt: string | null;
  updatedAt: string;
}

export interface ReleaseVersion {
  id: string;
  version: number;
  title: string;
  body: string;
  sha256: string;
  state: VersionState;
  changeNote: string | null;
  draftedBy: string;
  draftedById: string | null;
  reviewId: string | null;
  reviewedSha256: string | null;
  reviewedAt: string | null;
  reviewCurrent: boolean;
  review: { id: string; reviewer: string; outcome: 'publish' | 'do_not_publish' | 'refer_up' | null; decidedBy: string | null; decidedAt: string | null; hasStarMark: boolean; openFindings: number } | null;
  approvedBy: string | null;
  approvedAt: string | null;
  scheduledAt: string | null;
  publishedBy: string | null;
  publishedAt: string | null;
  supersededAt: string | null;
  createdAt: string;
}

export interface Release {
  id: string;
  slug: string | null;
  title: string;
  language: 'zh-CN' | 'en';
  sessionId: string | null;
  source: 'writer' | 'import' | 'manual';
  author: string;
  authorId: string | null;
  level: string;
  mark: string | null;
  state: ReleaseState;
  latestVersion: number;
  liveVersion: number | null;
  publicPath: string | null;
  firstPublishedAt: string | null;
  retractedAt: string | null;
  retractedBy: string | null;
  retractReason: string | null;
  versions: ReleaseVersion[];
}

export function useReleases(query: { page: number; pageSize: number; state?: string | undefined; q?: string | undefined }) {
  return useQuery({ queryKey: ['media', 'releases', query], queryFn: () => api<Page<ReleaseListItem>>('/media/releases', { query }) });
}

export function useRelease(id: string | undefined) {
  return useQuery({ queryKey: ['media', 'release', id], queryFn: () => api<Release>(`/media/releases/${id}`), enabled: !!id });
}
