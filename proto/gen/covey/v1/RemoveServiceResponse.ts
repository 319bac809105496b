// Original file: covey/v1/control.proto


export interface RemoveServiceResponse {
}

export interface RemoveServiceResponse__Output {
}
