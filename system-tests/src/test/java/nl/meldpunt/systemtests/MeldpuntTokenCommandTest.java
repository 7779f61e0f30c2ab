package nl.meldpunt.systemtests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./meldpunt token} as a person runs it: it refuses what the services would refuse, with
 * exit code 2 and the valid values, and mints nothing (no keys are created for a refused token).
 */
class MeldpuntTokenCommandTest {

    @TempDir
    Path data;

    private record Result(int exitCode, String stdout, String stderr) {
    }

    private Result token(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("bash", RunningPlatform.repositoryRoot().resolve("meldpunt").toString(), "token"));
        command.addAll(List.of(args));
        Path out = data.resolve("out.txt");
        Path err = data.resolve("err.txt");
        ProcessBuilder builder = new ProcessBuilder(command).directory(RunningPlatform.repositoryRoot().toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().put("MELDPUNT_TOKEN_DATA", data.toString());
        builder.environment().put("PATH", Path.of(System.getProperty("java.home"), "bin") + ":"
                + builder.environment().getOrDefault("PATH", "/usr/bin:/bin"));
        Process process = builder.start();
        assertTrue(process.waitFor(2, TimeUnit.MINUTES), "./meldpunt token did not finish");
        return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    @Test
    void anUnknownAuthorityIsRefusedWithExitCodeTwoNamingTheAuthoritiesTheServicesAccept() throws Exception {
        Result result = token("investigator", "--authority", "NCSC");
        assertEquals(2, result.exitCode());
        assertEquals("", result.stdout());
        assertEquals("meldpunt: unknown authority 'NCSC': the authorities are IGJ, AP, CSIRT, INDEPENDENT\n", result.stderr());
        assertFalse(Files.exists(data.resolve("keys")), "a refused token must not create signing keys");
    }

    @Test
    void anUnknownRoleAndAnInvestigatorWithoutAuthorityAreRefusedWithExitCodeTwo() throws Exception {
        Result role = token("inspector");
        assertEquals(2, role.exitCode());
        assertTrue(role.stderr().contains("unknown role 'inspector': the roles are analyst, viewer, investigator"), role.stderr());
        Result noAuthority = token("investigator");
        assertEquals(2, noAuthority.exitCode());
        assertTrue(noAuthority.stderr().contains("needs --authority, one of IGJ, AP, CSIRT, INDEPENDENT"), noAuthority.stderr());
        Result nothing = token();
        assertEquals(2, nothing.exitCode());
        assertTrue(nothing.stderr().contains("usage: ./meldpunt token"), nothing.stderr());
    }

    @Test
    void aKnownAuthorityGetsASignedTokenNamingIt() throws Exception {
        Result result = token("investigator", "--authority", "ap");
        assertEquals(0, result.exitCode(), result.stderr());
        String[] parts = result.stdout().strip().split("\\.");
        assertEquals(3, parts.length, result.stdout());
        String claims = new String(java.util.Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        assertTrue(claims.contains("\"authority\":\"AP\""), claims);
    }
}
