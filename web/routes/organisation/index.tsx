/**
 * 組織体制 (organisation): /organisation and its pages. Each page (or group of pages) adds its own <Route> here;
 * keep one route per line so that parallel work only adds lines. Paths linked from elsewhere:
 * /organisation/units/:id (a finding about a unit), /organisation/appointments (other findings).
 */
import { Route, Routes } from 'react-router';
import NotFound from '../NotFound.tsx';
import AppointmentsPage from './appointments/AppointmentsPage.tsx';
import BodiesPage from './bodies/BodiesPage.tsx';
import CommitteeRoutes from './committee/index.tsx';
import ContactsRoutes from './contacts/index.tsx';
import OrganisationHome from './Home.tsx';
import ImportPage from './import/ImportPage.tsx';
import PeopleListPage from './people/PeopleListPage.tsx';
import PersonDetailPage from './people/PersonDetailPage.tsx';
import PersonFormPage from './people/PersonFormPage.tsx';
import UnitDetailPage from './units/UnitDetailPage.tsx';
import UnitsPage from './units/UnitsPage.tsx';

export default function OrganisationRoutes() {
  return (
    <Routes>
      <Route index element={<OrganisationHome />} />
      <Route path="bodies" element={<BodiesPage />} />
      <Route path="units" element={<UnitsPage />} />
      <Route path="units/:id" element={<UnitDetailPage />} />
      <Route path="people" element={<PeopleListPage />} />
      <Route path="people/new" element={<PersonFormPage />} />
      <Route path="people/import" element={<ImportPage />} />
      <Route path="people/:id" element={<PersonDetailPage />} />
      <Route path="people/:id/edit" element={<PersonFormPage />} />
      <Route path="appointments" element={<AppointmentsPage />} />
      <Route path="committee/*" element={<CommitteeRoutes />} />
      <Route path="contacts/*" element={<ContactsRoutes />} />
      <Route path="*" element={<NotFound />} />
    </Routes>
  );
}
