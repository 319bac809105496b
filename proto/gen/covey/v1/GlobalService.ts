// Original file: covey/v1/specs.proto


export interface GlobalService {
}

export interface GlobalService__Output {
}
