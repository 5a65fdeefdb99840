// @gamestore/xsolla/liveops/call: create the LiveOps caller, make one call
import { createXsollaLiveOpsCaller } from '@gamestore/xsolla/liveops/call';
import { getDailyChainsList } from '@gamestore/xsolla/liveops/operations';

export const chains = createXsollaLiveOpsCaller({ projectId: 44056, userToken: 'jwt' }).call(getDailyChainsList);
