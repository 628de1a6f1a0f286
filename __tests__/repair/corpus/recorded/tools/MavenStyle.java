import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * Compiles as maven-compiler-plugin does by default (plexus-compiler-javac's in-process
 * JavaxToolsCompiler: javax.tools with a DiagnosticCollector, each message from
 * getMessage(null)) and prints the messages as Maven logs them (CompilerMessage.toString():
 * "file:[line,col] message", the first line prefixed "[ERROR] "). Usage: java MavenStyle.java
 * [javac options] -- file.java ...
 */
public class MavenStyle {
    public static void main(String[] args) {
        int split = Arrays.asList(args).indexOf("--");
        List<String> options = Arrays.asList(args).subList(0, split);
        List<String> files = Arrays.asList(args).subList(split + 1, args.length);
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> collector = new DiagnosticCollector<>();
        StandardJavaFileManager fm = compiler.getStandardFileManager(collector, null, null);
        boolean ok = compiler.getTask(null, fm, collector, options, null, fm.getJavaFileObjectsFromStrings(files)).call();
        List<String> errors = new ArrayList<>();
        for (Diagnostic<? extends JavaFileObject> d : collector.getDiagnostics()) {
            String msg = d.getMessage(null);
            if (msg == null) continue;
            String file = d.getSource() == null ? null : d.getSource().toUri().getPath();
            long line = Math.max(0, d.getLineNumber());
            long col = Math.max(0, d.getColumnNumber());
            String text = file == null ? msg : line == 0 ? file + ": " + msg
                    : col == 0 ? file + ":[" + line + "] " + msg : file + ":[" + line + "," + col + "] " + msg;
            if (d.getKind() == Diagnostic.Kind.ERROR) errors.add(text);
            else System.out.println("[WARNING] " + text);
        }
        if (!errors.isEmpty()) {
            System.out.println("[INFO] -------------------------------------------------------------");
            System.out.println("[ERROR] COMPILATION ERROR : ");
            System.out.println("[INFO] -------------------------------------------------------------");
            for (String e : errors) System.out.println("[ERROR] " + e);
            System.out.println("[INFO] " + errors.size() + (errors.size() == 1 ? " error" : " errors"));
            System.out.println("[INFO] -------------------------------------------------------------");
            System.out.println("[INFO] BUILD FAILURE");
        }
        System.exit(ok ? 0 : 1);
    }
}
