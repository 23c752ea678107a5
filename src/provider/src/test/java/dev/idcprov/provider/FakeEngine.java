package dev.idcprov.provider;

import com.google.protobuf.Empty;
import com.google.protobuf.Struct;
import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import pulumirpc.EngineGrpc;
import pulumirpc.EngineOuterClass.GetRootResourceRequest;
import pulumirpc.EngineOuterClass.GetRootResourceResponse;
import pulumirpc.EngineOuterClass.LogRequest;
import pulumirpc.EngineOuterClass.SetRootResourceRequest;
import pulumirpc.EngineOuterClass.SetRootResourceResponse;
import pulumirpc.Resource.RegisterResourceOutputsRequest;
import pulumirpc.Resource.RegisterResourceRequest;
import pulumirpc.Resource.RegisterResourceResponse;
import pulumirpc.Resource.SupportsFeatureRequest;
import pulumirpc.Resource.SupportsFeatureResponse;
import pulumirpc.ResourceMonitorGrpc;

/**
 * The engine's side of a {@code Construct}, in process: the ResourceMonitor (where the provider registers the component
 * and its outputs) and the Engine service (its log), on one gRPC server of the Pulumi SDK's generated stubs, recording
 * every call. Registration answers with a URN built as the engine builds it and no state (a component has none of its
 * own).
 */
final class FakeEngine implements AutoCloseable {
  static final String PROJECT = "consumer";
  static final String STACK = "dev";
  static final String STACK_URN = "urn:pulumi:" + STACK + "::" + PROJECT + "::pulumi:pulumi:Stack::" + PROJECT + "-"
      + STACK;

  final List<RegisterResourceRequest> registrations = new CopyOnWriteArrayList<>();
  final List<RegisterResourceOutputsRequest> outputRegistrations = new CopyOnWriteArrayList<>();
  final List<LogRequest> logs = new CopyOnWriteArrayList<>();
  private final Server server;

  FakeEngine() throws IOException {
    server = ServerBuilder.forPort(0).addService(new Monitor()).addService(new Engine()).build().start();
  }

  /** @return the address the provider is given, as the engine gives it */
  String address() {
    return "127.0.0.1:" + server.getPort();
  }

  List<String> logMessages() {
    return logs.stream().map(LogRequest::getMessage).toList();
  }

  @Override
  public void close() {
    try {
      server.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  static String urn(RegisterResourceRequest r) {
    String parentType = r.getParent().isEmpty() ? "" : typeChain(r.getParent()) + "$";
    return "urn:pulumi:" + STACK + "::" + PROJECT + "::" + parentType + r.getType() + "::" + r.getName();
  }

  private static String typeChain(String urn) {
    String[] parts = urn.split("::");
    return parts[2];
  }

  private final class Monitor extends ResourceMonitorGrpc.ResourceMonitorImplBase {
    @Override
    public void supportsFeature(SupportsFeatureRequest request, StreamObserver<SupportsFeatureResponse> response) {
      response.onNext(SupportsFeatureResponse.newBuilder().setHasSupport(false).build());
      response.onCompleted();
    }

    @Override
    public void registerResource(RegisterResourceRequest request, StreamObserver<RegisterResourceResponse> response) {
      registrations.add(request);
      response.onNext(RegisterResourceResponse.newBuilder().setUrn(urn(request))
          .setObject(Struct.getDefaultInstance()).build());
      response.onCompleted();
    }

    @Override
    public void registerResourceOutputs(RegisterResourceOutputsRequest request, StreamObserver<Empty> response) {
      outputRegistrations.add(request);
      response.onNext(Empty.getDefaultInstance());
      response.onCompleted();
    }
  }

  private final class Engine extends EngineGrpc.EngineImplBase {
    @Override
    public void log(LogRequest request, StreamObserver<Empty> response) {
      logs.add(request);
      response.onNext(Empty.getDefaultInstance());
      response.onCompleted();
    }

    @Override
    public void getRootResource(GetRootResourceRequest request, StreamObserver<GetRootResourceResponse> response) {
      response.onNext(GetRootResourceResponse.newBuilder().setUrn(STACK_URN).build());
      response.onCompleted();
    }

    @Override
    public void setRootResource(SetRootResourceRequest request, StreamObserver<SetRootResourceResponse> response) {
      response.onNext(SetRootResourceResponse.getDefaultInstance());
      response.onCompleted();
    }
  }
}
