"""A program of another team that uses the installed remarkgraph package.

    python smoke.py TARGET VERSION

Writes two people and a body, reads them back through the helpers, checks
a NOT_FOUND, and prints `ok` with the package's version.
"""

import sys

import grpc
import remarkgraph
from remarkgraph import Client
from remarkgraph.v1 import resources_pb2 as rg


def main() -> None:
    target, version = sys.argv[1], sys.argv[2]
    if remarkgraph.__version__ != version:
        sys.exit(f"installed remarkgraph is {remarkgraph.__version__}, expected {version}")
    with Client(target, timeout=10.0) as client:
        client.upsert_nodes([
            rg.Node(name="bodies/harbour-board", title="Harbour Board"),
            rg.Node(name="people/ines-okafor", title="Ines Okafor"),
            rg.Node(name="people/tomas-lind", title="Tomas Lind"),
        ])
        body = client.get_node("bodies/harbour-board")
        assert body.kind == rg.NODE_KIND_BODY and body.title == "Harbour Board", body
        people = [node.name for node in client.list_nodes(rg.NODE_KIND_PERSON, page_size=1)]
        assert people == ["people/ines-okafor", "people/tomas-lind"], people
        try:
            client.get_node("people/nobody")
            sys.exit("get_node of a missing person did not fail")
        except grpc.RpcError as error:
            assert error.code() == grpc.StatusCode.NOT_FOUND, error
    print(f"ok python remarkgraph {remarkgraph.__version__}")


if __name__ == "__main__":
    main()
