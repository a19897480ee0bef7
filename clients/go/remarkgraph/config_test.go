package remarkgraph_test

import (
	"encoding/json"
	"slices"
	"testing"

	"remarkgraph.dev/clients/go/remarkgraph"
)

func TestServiceConfigRetriesReadsButNotDeletes(t *testing.T) {
	var config struct {
		MethodConfig []struct {
			Name []struct {
				Service string `json:"service"`
				Method  string `json:"method"`
			} `json:"name"`
			RetryPolicy struct {
				RetryableStatusCodes []string `json:"retryableStatusCodes"`
			} `json:"retryPolicy"`
		} `json:"methodConfig"`
	}
	if err := json.Unmarshal([]byte(remarkgraph.ServiceConfig), &config); err != nil {
		t.Fatal(err)
	}
	codes := map[string][]string{}
	for _, method := range config.MethodConfig {
		for _, name := range method.Name {
			codes[name.Service+"/"+name.Method] = method.RetryPolicy.RetryableStatusCodes
		}
	}
	if got := codes["remarkgraph.v1.GraphService/"]; !slices.Equal(got, []string{"UNAVAILABLE", "RESOURCE_EXHAUSTED"}) {
		t.Errorf("GraphService retries on %v", got)
	}
	if got := codes["remarkgraph.v1.ImportService/ImportMinutes"]; !slices.Contains(got, "ABORTED") {
		t.Errorf("ImportMinutes retries on %v", got)
	}
	if _, retried := codes["remarkgraph.v1.WriteService/DeleteNodes"]; retried {
		t.Error("DeleteNodes is retried: a second attempt of a delete that went through fails")
	}
}
