// @gamestore/xsolla/liveops: create the LiveOps client, make one call
import { createXsollaLiveOpsClient } from '@gamestore/xsolla/liveops';

export const chains = createXsollaLiveOpsClient({ projectId: 44056, userToken: 'jwt' }).getDailyChainsList();
