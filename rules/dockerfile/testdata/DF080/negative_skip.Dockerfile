# check=skip=StageNameCasing
FROM golang:1.23 AS Builder
