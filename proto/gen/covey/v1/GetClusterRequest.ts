// Original file: covey/v1/control.proto


export interface GetClusterRequest {
}

export interface GetClusterRequest__Output {
}
