package validate

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	appsv1 "k8s.io/api/apps/v1"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/labels"
)

// rendered decodes one rendered file of RG_RENDERED into its objects by
// kind and name.
func rendered(t *testing.T, name string) map[string]any {
	t.Helper()
	dir := os.Getenv("RG_RENDERED")
	if dir == "" {
		t.Skip("RG_RENDERED names no folder of rendered manifests")
	}
	data, err := os.ReadFile(filepath.Join(dir, name))
	if err != nil {
		t.Fatal(err)
	}
	decoder := strictDecoder(t)
	objects := map[string]any{}
	for i, document := range documents(t, data) {
		object, kind, err := decoder.Decode(document, nil, nil)
		if err != nil {
			t.Fatalf("object %d: %v", i, err)
		}
		objects[kind.Kind+"/"+object.(interface{ GetName() string }).GetName()] = object
	}
	return objects
}

func find[T any](t *testing.T, objects map[string]any, key string) T {
	t.Helper()
	object, ok := objects[key].(T)
	if !ok {
		t.Fatalf("no %s rendered", key)
	}
	return object
}

func hasArg(args []string, prefix string) bool {
	return slices.ContainsFunc(args, func(arg string) bool { return strings.HasPrefix(arg, prefix) })
}

// Three pods over TLS with roles (test-values/replicas-tls.yaml): pod 0
// writes, two replicas follow it over TLS with the admin token, the
// Services route writes to pod 0 and reads to the replicas, the backup job
// asks the primary over TLS.
func TestThreePodsOverTls(t *testing.T) {
	objects := rendered(t, "replicas-tls.yaml")
	primary := find[*appsv1.StatefulSet](t, objects, "StatefulSet/remarkgraph")
	replica := find[*appsv1.StatefulSet](t, objects, "StatefulSet/remarkgraph-replica")
	if *primary.Spec.Replicas != 1 || *replica.Spec.Replicas != 2 {
		t.Errorf("pods: primary %d, replicas %d; want 1 and 2", *primary.Spec.Replicas, *replica.Spec.Replicas)
	}
	primaryArgs := primary.Spec.Template.Spec.Containers[0].Args
	replicaArgs := replica.Spec.Template.Spec.Containers[0].Args
	if hasArg(primaryArgs, "--replicate_from") {
		t.Errorf("the primary replicates: %v", primaryArgs)
	}
	if !hasArg(primaryArgs, "--backup_dir=") {
		t.Errorf("the primary has no --backup_dir: %v", primaryArgs)
	}
	for _, want := range []string{
		"--replicate_from=remarkgraph-0.remarkgraph-headless.remarkgraph.svc:50051",
		"--replicate_tls_ca=/etc/remarkgraph/tls/ca.crt",
		"--replicate_tls_server_name=remarkgraph.example.internal",
		"--replicate_token_file=/etc/remarkgraph/admin-token/token",
		"--max_replica_lag=15s",
		"--tls_cert=/etc/remarkgraph/tls/tls.crt",
		"--policy_file=/etc/remarkgraph/policy/policy.json",
	} {
		if !slices.Contains(replicaArgs, want) {
			t.Errorf("a replica lacks %s: %v", want, replicaArgs)
		}
	}
	if primary.Spec.ServiceName != "remarkgraph-headless" || replica.Spec.ServiceName != "remarkgraph-headless" {
		t.Errorf("the StatefulSets are not governed by the headless Service")
	}

	// Readiness is health over TLS, liveness only the open port.
	for _, set := range []*appsv1.StatefulSet{primary, replica} {
		container := set.Spec.Template.Spec.Containers[0]
		exec := container.ReadinessProbe.Exec
		if exec == nil || exec.Command[len(exec.Command)-1] != "health" ||
			!slices.Contains(exec.Command, "--tls-ca=/etc/remarkgraph/tls/ca.crt") {
			t.Errorf("%s: readiness is not `remarkgraph health` over TLS: %+v", set.Name, container.ReadinessProbe)
		}
		if container.LivenessProbe.TCPSocket == nil {
			t.Errorf("%s: liveness is not the open port", set.Name)
		}
	}

	// Services: writes to pod 0, reads to the replicas only, every pod by name.
	podLabels := func(set *appsv1.StatefulSet, ordinal string) labels.Set {
		pod := labels.Set{}
		for k, v := range set.Spec.Template.Labels {
			pod[k] = v
		}
		pod["statefulset.kubernetes.io/pod-name"] = set.Name + "-" + ordinal
		return pod
	}
	pod0, replica0 := podLabels(primary, "0"), podLabels(replica, "0")
	selects := func(name string, pod labels.Set) bool {
		service := find[*corev1.Service](t, objects, "Service/"+name)
		return labels.SelectorFromSet(service.Spec.Selector).Matches(pod)
	}
	if !selects("remarkgraph", pod0) || selects("remarkgraph", replica0) {
		t.Errorf("the write Service does not select pod 0 alone")
	}
	if selects("remarkgraph-read", pod0) || !selects("remarkgraph-read", replica0) {
		t.Errorf("the read Service does not select the replicas alone")
	}
	if !selects("remarkgraph-headless", pod0) || !selects("remarkgraph-headless", replica0) {
		t.Errorf("the headless Service does not select every pod")
	}
	write := find[*corev1.Service](t, objects, "Service/remarkgraph")
	if write.Spec.Selector["statefulset.kubernetes.io/pod-name"] != "remarkgraph-0" {
		t.Errorf("the write Service does not select by pod name: %v", write.Spec.Selector)
	}

	// The backup job: `backup create` against the primary, over TLS with the token.
	job := find[*batchv1.CronJob](t, objects, "CronJob/remarkgraph-backup")
	args := job.Spec.JobTemplate.Spec.Template.Spec.Containers[0].Args
	for _, want := range []string{
		"--server=remarkgraph-0.remarkgraph-headless.remarkgraph.svc:50051",
		"--tls-ca=/etc/remarkgraph/tls/ca.crt",
		"--token-file=/etc/remarkgraph/admin-token/token",
		"backup", "create",
	} {
		if !slices.Contains(args, want) {
			t.Errorf("the backup job lacks %s: %v", want, args)
		}
	}
}
