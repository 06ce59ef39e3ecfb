/** 連絡体制 (/organisation/contacts): the CSIRT roster and the one-page 緊急連絡網. */
import { Navigate, Route, Routes } from 'react-router';
import NotFound from '../../NotFound.tsx';
import CsirtPage from './CsirtPage.tsx';
import EmergencyPage from './EmergencyPage.tsx';

export default function ContactsRoutes() {
  return (
    <Routes>
      <Route index element={<Navigate to="emergency" replace />} />
      <Route path="emergency" element={<EmergencyPage />} />
      <Route path="csirt" element={<CsirtPage />} />
      <Route path="*" element={<NotFound />} />
    </Routes>
  );
}
