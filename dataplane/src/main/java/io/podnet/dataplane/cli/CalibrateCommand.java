package io.podnet.dataplane.cli;

import io.podnet.cli.AtomicFiles;
import io.podnet.dataplane.VerifyException;
import io.podnet.dataplane.calibrate.Calibration;
import io.podnet.dataplane.calibrate.Calibrator;
import io.podnet.dataplane.exec.CommandRunner;
import io.podnet.sim.cost.CostProfile;
import io.podnet.sim.cost.CostProfileException;
import io.podnet.sim.cost.CostProfiles;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code podnet calibrate}: measure this machine's kernel and fit a cost profile. */
@Command(name = "calibrate", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Builds reference topologies in Linux network namespaces with the code verify uses (two nodes joined by a"
                    + " veth underlay, one pod each side: Flannel host-gw, Flannel VXLAN, and host-gw with kube-proxy"
                    + " iptables rules for 1, 1,000 and 10,000 Services), measures them with real traffic (sockperf"
                    + " ping-pong, iperf3, new connections), simulates the same topologies, and fits the cost profile's"
                    + " figures by non-negative least squares. Prints every measurement, every fitted cost and its"
                    + " residual.",
            "Needs root, sockperf and iperf3. Its namespaces are named pn<6 hex>-... like verify's and are removed on"
                    + " success, failure, Ctrl-C and SIGTERM; 'podnet verify --cleanup' (or 'podnet calibrate --cleanup')"
                    + " removes what a killed run left."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:calibrated", "2:bad input (options, --profile, an unwritable --out)",
            "3:the environment cannot run it (not root, a tool missing, the kernel refused a topology)"})
public final class CalibrateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--out", paramLabel = "FILE", description = "write the fitted profile (YAML) to FILE")
    Path out;

    @Option(names = "--repeat", paramLabel = "N", defaultValue = "5", description = "runs of every measurement; medians"
            + " are kept and the spread printed; host-gw and VXLAN runs alternate (default ${DEFAULT-VALUE})")
    int repeat;

    @Option(names = "--pin", description = "run the client tools on CPU 0 and the servers on CPU 1 (taskset); the"
            + " N-stream client is not pinned")
    boolean pin;

    @Option(names = "--quick", description = "short runs and 100 Services in place of 1,000 and 10,000 (seconds, for"
            + " tests; the figures are rough)")
    boolean quick;

    @Option(names = "--streams", paramLabel = "N", defaultValue = "2", description = "parallel streams of the N-stream"
            + " measurement (default ${DEFAULT-VALUE})")
    int streams;

    @Option(names = "--profile", paramLabel = "FILE", description = "the profile to start from: its step counts and"
            + " the ratios within each fitted group (default: the shipped default profile)")
    String profile;

    @Option(names = "--cleanup", description = "remove every namespace a killed run (calibrate or verify) left behind,"
            + " and exit")
    boolean cleanup;

    @Override
    public Integer call() {
        PrintWriter o = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (cleanup) {
            VerifyCommand v = new VerifyCommand();
            v.spec = spec;
            v.cleanup = true;
            return v.call();
        }
        if (repeat < 1 || repeat > 50 || streams < 1 || streams > 64) {
            err.println("podnet calibrate: --repeat must be 1-50 and --streams 1-64");
            return VerifyException.BAD_INPUT;
        }
        CostProfile base;
        try {
            base = CostProfiles.resolve(profile);
        } catch (CostProfileException e) {
            err.println("podnet calibrate: " + e.getMessage());
            return VerifyException.BAD_INPUT;
        } catch (IOException e) {
            err.println("podnet calibrate: cannot read --profile " + profile + ": " + e.getMessage());
            return VerifyException.BAD_INPUT;
        }
        try {
            Calibrator c = new Calibrator(new CommandRunner(), new Calibrator.Options(repeat, quick, streams, pin),
                    Calibrator.podnet(), s -> {
                        o.println("  " + s);
                        o.flush();
                    });
            Calibration result = c.calibrate(base);
            o.print(result.text());
            if (out != null) {
                String yaml = result.profile().toYaml();
                AtomicFiles.write(out, w -> w.write(yaml.getBytes(StandardCharsets.UTF_8)));
                o.println("profile written to " + out);
            }
            o.flush();
            return 0;
        } catch (VerifyException e) {
            err.println("podnet calibrate: " + e.getMessage());
            err.flush();
            return e.exitCode();
        } catch (IOException e) {
            err.println("podnet calibrate: cannot write " + out + ": " + e.getMessage());
            err.flush();
            return VerifyException.BAD_INPUT;
        }
    }
}
