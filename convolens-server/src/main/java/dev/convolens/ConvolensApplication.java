package dev.convolens;

import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class ConvolensApplication {

    public static void main(String[] args) {
        SpringApplication.run(ConvolensApplication.class, withDemoFlag(args));
    }

    /** {@code --demo} is the short form of {@code --convolens.demo.enabled=true}. */
    static String[] withDemoFlag(String[] args) {
        List<String> out = new ArrayList<>();
        for (String arg : args) out.add(arg.equals("--demo") ? "--convolens.demo.enabled=true" : arg);
        return out.toArray(String[]::new);
    }
}
