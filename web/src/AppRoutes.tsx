import { lazy, Suspense } from 'react';
import { Route, Routes } from 'react-router';
import { Loading } from './components/States.tsx';

const LoginPage = lazy(() => import('./pages/LoginPage.tsx'));
const AppLayout = lazy(() => import('./layout/AppLayout.tsx'));
const HomePage = lazy(() => import('./pages/HomePage.tsx'));
const AccountPage = lazy(() => import('./pages/AccountPage.tsx'));
const UnitsPage = lazy(() => import('./pages/org/UnitsPage.tsx'));
const PeoplePage = lazy(() => import('./pages/org/PeoplePage.tsx'));
const PersonPage = lazy(() => import('./pages/org/PersonPage.tsx'));
const GroupsPage = lazy(() => import('./pages/org/GroupsPage.tsx'));
const GroupPage = lazy(() => import('./pages/org/GroupPage.tsx'));
const ImportPage = lazy(() => import('./pages/org/ImportPage.tsx'));
const SessionsPage = lazy(() => import('./pages/study/SessionsPage.tsx'));
const SessionPage = lazy(() => import('./pages/study/SessionPage.tsx'));
const SessionViewPage = lazy(() => import('./pages/study/SessionViewPage.tsx'));
const ReleasePage = lazy(() => import('./pages/study/ReleasePage.tsx'));
const ImportReleasePage = lazy(() => import('./pages/study/ImportReleasePage.tsx'));
const PlansPage = lazy(() => import('./pages/study/PlansPage.tsx'));
const PlanPage = lazy(() => import('./pages/study/PlanPage.tsx'));
const LedgerPage = lazy(() => import('./pages/study/LedgerPage.tsx'));
const PersonStudyPage = lazy(() => import('./pages/study/PersonStudyPage.tsx'));
const SearchPage = lazy(() => import('./pages/study/SearchPage.tsx'));
const SecrecyReviewPage = lazy(() => import('./pages/secrecy/ReviewPage.tsx'));
const SecrecyReviewsPage = lazy(() => import('./pages/secrecy/ReviewsPage.tsx'));
const SecrecyReviewDetailPage = lazy(() => import('./pages/secrecy/ReviewDetailPage.tsx'));
const SecrecyKeywordsPage = lazy(() => import('./pages/secrecy/KeywordsPage.tsx'));
const SecrecyClearancesPage = lazy(() => import('./pages/secrecy/ClearancesPage.tsx'));
const SecrecyCarriersPage = lazy(() => import('./pages/secrecy/CarriersPage.tsx'));
const SecrecyAlertsPage = lazy(() => import('./pages/secrecy/AlertsPage.tsx'));
const SecrecyCarrierReviewsPage = lazy(() => import('./pages/secrecy/CarrierReviewsPage.tsx'));
const SecrecyLettersPage = lazy(() => import('./pages/secrecy/LettersPage.tsx'));
const SecrecyInspectionsPage = lazy(() => import('./pages/secrecy/InspectionsPage.tsx'));
const SecrecyCampaignPage = lazy(() => import('./pages/secrecy/CampaignPage.tsx'));
const SecrecyRectificationsPage = lazy(() => import('./pages/secrecy/RectificationsPage.tsx'));
const SecrecyTrainingPage = lazy(() => import('./pages/secrecy/TrainingPage.tsx'));
const SecrecyKnowableMembersPage = lazy(() => import('./pages/secrecy/KnowableMembersPage.tsx'));
const DutiesWorkbenchPage = lazy(() => import('./pages/duties/WorkbenchPage.tsx'));
const DutiesTasksPage = lazy(() => import('./pages/duties/TasksPage.tsx'));
const DutiesTaskPage = lazy(() => import('./pages/duties/TaskPage.tsx'));
const DutiesAreasPage = lazy(() => import('./pages/duties/AreasPage.tsx'));
const DutiesHolidaysPage = lazy(() => import('./pages/duties/HolidaysPage.tsx'));
const DutiesBulletinPage = lazy(() => import('./pages/duties/BulletinPage.tsx'));
const DutiesAssessmentPage = lazy(() => import('./pages/duties/AssessmentPage.tsx'));
// The dashboard carries ECharts: loaded only when opened, never with the first page.
const DutiesDashboardPage = lazy(() => import('./pages/duties/DashboardPage.tsx'));
const InboxPage = lazy(() => import('./pages/duties/InboxPage.tsx'));
const WebhooksPage = lazy(() => import('./pages/media/WebhooksPage.tsx'));
const MediaReleasesPage = lazy(() => import('./pages/media/ReleasesPage.tsx'));
const MediaReleasePage = lazy(() => import('./pages/media/ReleasePage.tsx'));
const AuditPage = lazy(() => import('./pages/AuditPage.tsx'));
const UsersPage = lazy(() => import('./pages/admin/UsersPage.tsx'));
const NotFoundPage = lazy(() => import('./pages/NotFoundPage.tsx'));

export function AppRoutes() {
  return (
    <Suspense fallback={<Loading />}>
      <Routes>
        <Route path="/login" element={<LoginPage />} />
        <Route element={<AppLayout />}>
          <Route index element={<HomePage />} />
          <Route path="account" element={<AccountPage />} />
          <Route path="org/units" element={<UnitsPage />} />
          <Route path="org/units/:id" element={<UnitsPage />} />
          <Route path="org/people" element={<PeoplePage />} />
          <Route path="org/people/:id" element={<PersonPage />} />
          <Route path="org/groups" element={<GroupsPage />} />
          <Route path="org/groups/:id" element={<GroupPage />} />
          <Route path="org/import" element={<ImportPage />} />
          <Route path="study/sessions" element={<SessionsPage />} />
          <Route path="study/sessions/:id" element={<SessionPage />} />
          <Route path="study/sessions/:id/view" element={<SessionViewPage />} />
          <Route path="study/sessions/:id/release" element={<ReleasePage />} />
          <Route path="study/import" element={<ImportReleasePage />} />
          <Route path="study/plans" element={<PlansPage />} />
          <Route path="study/plans/:id" element={<PlanPage />} />
          <Route path="study/ledger" element={<LedgerPage />} />
          <Route path="study/people/:id" element={<PersonStudyPage />} />
          <Route path="study/search" element={<SearchPage />} />
          <Route path="duties" element={<DutiesWorkbenchPage />} />
          <Route path="duties/workbench" element={<DutiesWorkbenchPage />} />
          <Route path="duties/tasks" element={<DutiesTasksPage key="tasks" />} />
          <Route path="duties/board" element={<DutiesTasksPage key="board" board />} />
          <Route path="duties/tasks/:id" element={<DutiesTaskPage />} />
          <Route path="duties/areas" element={<DutiesAreasPage />} />
          <Route path="duties/holidays" element={<DutiesHolidaysPage />} />
          <Route path="duties/bulletin" element={<DutiesBulletinPage />} />
          <Route path="duties/assessment" element={<DutiesAssessmentPage />} />
          <Route path="duties/dashboard" element={<DutiesDashboardPage />} />
          <Route path="notifications" element={<InboxPage />} />
          <Route path="media/releases" element={<MediaReleasesPage />} />
          <Route path="media/releases/:id" element={<MediaReleasePage />} />
          <Route path="media/webhooks" element={<WebhooksPage />} />
          <Route path="secrecy/review" element={<SecrecyReviewPage />} />
          <Route path="secrecy/reviews" element={<SecrecyReviewsPage />} />
          <Route path="secrecy/reviews/:id" element={<SecrecyReviewDetailPage />} />
          <Route path="secrecy/keywords" element={<SecrecyKeywordsPage />} />
          <Route path="secrecy/clearances" element={<SecrecyClearancesPage />} />
          <Route path="secrecy/carriers" element={<SecrecyCarriersPage />} />
          <Route path="secrecy/alerts" element={<SecrecyAlertsPage />} />
          <Route path="secrecy/carrier-reviews" element={<SecrecyCarrierReviewsPage />} />
          <Route path="secrecy/letters" element={<SecrecyLettersPage />} />
          <Route path="secrecy/inspections" element={<SecrecyInspectionsPage />} />
          <Route path="secrecy/inspections/:id" element={<SecrecyCampaignPage />} />
          <Route path="secrecy/rectifications" element={<SecrecyRectificationsPage />} />
          <Route path="secrecy/training" element={<SecrecyTrainingPage />} />
          <Route path="secrecy/knowable-members" element={<SecrecyKnowableMembersPage />} />
          <Route path="audit" element={<AuditPage />} />
          <Route path="admin/users" element={<UsersPage />} />
          <Route path="*" element={<NotFoundPage />} />
        </Route>
      </Routes>
    </Suspense>
  );
}
