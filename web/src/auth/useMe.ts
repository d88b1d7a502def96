import type { Me } from '../api/types.ts';
import { useSession } from './session.ts';

/** The signed-in user inside the layout (the layout renders nothing until it is known). */
export function useMe(): Me {
  const session = useSession();
  const user = session.data?.user;
  if (!user) throw new Error('useMe() used outside a signed-in page');
  return user;
}
