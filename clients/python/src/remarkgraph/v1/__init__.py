"""Generated messages and stubs of the remarkgraph.v1 wire contract.

The modules beside this file (``resources_pb2``, ``graph_service_pb2``,
``graph_service_pb2_grpc``, ``write_service_pb2``, ...) are generated from
``proto/remarkgraph/v1`` when the package is built; they are not kept in
the source tree.
"""
