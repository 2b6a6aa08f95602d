package io.safetyplane.classifier.inference;

import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.Map;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import io.safetyplane.classifier.config.ClassifierConfig.Layout;
import io.safetyplane.classifier.model.ModelSpec;

/**
 * One ONNX Runtime session of one registry model. The session is checked against the model's
 * configuration when it is created (input name, rank, layout and size; output width against the
 * labels), so a misconfigured model stops the service at start-up rather than answering nonsense.
 * {@link #run} is thread-safe (ONNX Runtime sessions are).
 */
public final class OnnxModel implements AutoCloseable {
    private final ModelSpec spec;
    private final OrtEnvironment env;
    private final OrtSession session;
    private final String inputName;
    private final String provider;

    private OnnxModel(ModelSpec spec, OrtEnvironment env, OrtSession session, String inputName, String provider) {
        this.spec = spec;
        this.env = env;
        this.session = session;
        this.inputName = inputName;
        this.provider = provider;
    }

    /**
     * The service's session settings: all graph optimisations, sequential execution, {@code intraOpThreads}
     * threads per run and no spinning (spinning threads burn a shared container's CPU quota between batches).
     * The caller closes them, and adds an execution provider other than the CPU.
     */
    public static OrtSession.SessionOptions sessionOptions(int intraOpThreads) throws OrtException {
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
        options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
        options.setIntraOpNumThreads(intraOpThreads);
        options.setInterOpNumThreads(1);
        options.addConfigEntry("session.intra_op.allow_spinning", "0");
        options.addConfigEntry("session.inter_op.allow_spinning", "0");
        return options;
    }

    /**
     * Creates the session from the model's bytes.
     *
     * @param provider the execution provider the options hold ("cpu" or "cuda"), for reporting
     * @throws IllegalStateException when the model does not load or does not fit its configuration
     */
    public static OnnxModel load(ModelSpec spec, byte[] onnx, OrtEnvironment env, OrtSession.SessionOptions options,
            String provider) {
        OrtSession session;
        try {
            session = env.createSession(onnx, options);
        } catch (OrtException e) {
            throw new IllegalStateException("model " + spec.id() + ": ONNX Runtime cannot load " + spec.path() + ": " + e.getMessage(), e);
        }
        try {
            String input = checkInput(spec, session.getInputInfo());
            checkOutput(spec, session.getOutputInfo());
            return new OnnxModel(spec, env, session, input, provider);
        } catch (OrtException | RuntimeException e) {
            try {
                session.close();
            } catch (OrtException ignored) {
                // already failing
            }
            if (e instanceof IllegalStateException ise) {
                throw ise;
            }
            throw new IllegalStateException("model " + spec.id() + ": cannot read the inputs and outputs of " + spec.path() + ": "
                    + e.getMessage(), e);
        }
    }

    private static String checkInput(ModelSpec spec, Map<String, NodeInfo> inputs) {
        String name;
        if (spec.inputName().isPresent()) {
            name = spec.inputName().get();
            if (!inputs.containsKey(name)) {
                throw misfit(spec, "has no input '" + name + "' (inputs: " + inputs.keySet() + ")");
            }
        } else if (inputs.size() == 1) {
            name = inputs.keySet().iterator().next();
        } else {
            throw misfit(spec, "has " + inputs.size() + " inputs " + inputs.keySet() + "; name one as input.name");
        }
        if (!(inputs.get(name).getInfo() instanceof TensorInfo t)) {
            throw misfit(spec, "input '" + name + "' is not a tensor");
        }
        if (t.type != ai.onnxruntime.OnnxJavaType.FLOAT) {
            throw misfit(spec, "input '" + name + "' is " + t.type + ", only float32 inputs are supported");
        }
        long[] shape = t.getShape();
        long[] want = spec.layout() == Layout.NHWC ? new long[] { -1, spec.height(), spec.width(), 3 }
                : new long[] { -1, 3, spec.height(), spec.width() };
        boolean fits = shape.length == 4;
        for (int i = 1; fits && i < 4; i++) {
            fits = shape[i] < 0 || shape[i] == want[i];
        }
        if (!fits) {
            throw misfit(spec, "input '" + name + "' has shape " + Arrays.toString(shape) + ", the configuration says "
                    + spec.layout().name().toLowerCase() + " " + Arrays.toString(want) + " (check input.width, input.height, input.layout)");
        }
        return name;
    }

    private static void checkOutput(ModelSpec spec, Map<String, NodeInfo> outputs) {
        NodeInfo first = outputs.values().iterator().next();
        if (!(first.getInfo() instanceof TensorInfo t) || t.getShape().length != 2
                || (t.getShape()[1] >= 0 && t.getShape()[1] != spec.labels().size())) {
            throw misfit(spec, "output '" + first.getName() + "' is " + first.getInfo() + "; expected [N, " + spec.labels().size()
                    + "] for the labels " + spec.labels());
        }
    }

    private static IllegalStateException misfit(ModelSpec spec, String what) {
        return new IllegalStateException("model " + spec.id() + " (" + spec.path() + ") " + what);
    }

    public ModelSpec spec() {
        return spec;
    }

    /** "cpu" or "cuda". */
    public String provider() {
        return provider;
    }

    /**
     * Runs {@code n} items held in {@code input} (from position 0, {@code n * inputSize} floats; a direct
     * buffer is passed to ONNX Runtime without a copy).
     *
     * @return one row of label scores per item
     */
    public float[][] run(FloatBuffer input, int n) throws OrtException {
        int size = spec.inputSize();
        FloatBuffer view = input.duplicate();
        view.position(0).limit(n * size);
        long[] shape = spec.layout() == Layout.NHWC ? new long[] { n, spec.height(), spec.width(), 3 }
                : new long[] { n, 3, spec.height(), spec.width() };
        try (OnnxTensor tensor = OnnxTensor.createTensor(env, view.slice(), shape);
                OrtSession.Result result = session.run(Map.of(inputName, tensor))) {
            OnnxValue out = result.get(0);
            float[][] scores = (float[][]) out.getValue();
            if (spec.softmax()) {
                for (float[] row : scores) {
                    softmax(row);
                }
            }
            return scores;
        }
    }

    static void softmax(float[] row) {
        float max = Float.NEGATIVE_INFINITY;
        for (float v : row) {
            max = Math.max(max, v);
        }
        double sum = 0;
        double[] e = new double[row.length];
        for (int i = 0; i < row.length; i++) {
            e[i] = Math.exp(row[i] - max);
            sum += e[i];
        }
        for (int i = 0; i < row.length; i++) {
            row[i] = (float) (e[i] / sum);
        }
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            // closing at shutdown; nothing to do
        }
    }
}
