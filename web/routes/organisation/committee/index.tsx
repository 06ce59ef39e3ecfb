/** 委員会 (/organisation/committee): the committee, its settings and its meeting records. */
import { Route, Routes } from 'react-router';
import NotFound from '../../NotFound.tsx';
import CommitteePage from './CommitteePage.tsx';
import MeetingPage from './MeetingPage.tsx';
import NewMeetingPage from './NewMeetingPage.tsx';

export default function CommitteeRoutes() {
  return (
    <Routes>
      <Route index element={<CommitteePage />} />
      <Route path="meetings/new" element={<NewMeetingPage />} />
      <Route path="meetings/:id" element={<MeetingPage />} />
      <Route path="*" element={<NotFound />} />
    </Routes>
  );
}
